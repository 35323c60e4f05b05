package io.barterdude.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy to the local broker that can be started late, cut or frozen, to simulate an
 * unreachable or hanging broker. Its threads end when it is closed.
 */
public final class TcpProxy implements AutoCloseable {

  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private volatile boolean frozen;

  /** Reserves a free port; nothing listens on it until {@link #open()}. */
  public TcpProxy() throws IOException {
    port = closedPort();
  }

  /** A loopback port nothing listens on (a connection to it is refused). */
  public static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** Starts forwarding connections to 127.0.0.1:5672. */
  public void open() throws IOException {
    server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void accept() {
    try {
      while (!server.isClosed()) {
        Socket client = server.accept();
        Socket broker = new Socket("127.0.0.1", 5672);
        sockets.add(client);
        sockets.add(broker);
        pipe(client, broker);
        pipe(broker, client);
      }
    } catch (IOException closed) {
      // the proxy was closed
    }
  }

  /**
   * Stops forwarding in both directions while keeping every connection open, as a broker that hangs
   * does: the client's requests get no answer.
   */
  public void freeze() {
    frozen = true;
  }

  private void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                  holdWhileFrozen();
                  out.write(buffer, 0, read);
                }
              } catch (IOException | InterruptedException closed) {
                // one side closed
              } finally {
                closeQuietly(to);
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  private void holdWhileFrozen() throws InterruptedException {
    while (frozen && !server.isClosed()) {
      Thread.sleep(10);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
