package io.barterdude.benchmark;

import java.nio.charset.StandardCharsets;

/** The message every test sends: a flat JSON object of 1 KiB that matches the seed's schema. */
final class Payload {

  static final int SIZE = 1024;

  private Payload() {}

  static byte[] json() {
    StringBuilder json = new StringBuilder("{\"key\":\"value\"");
    for (int field = 1; json.length() < SIZE - 40; field++) {
      json.append(String.format(",\"field%02d\":\"%s\"", field, "abcdefghijklmnopqrstuvwxyz0123"));
    }
    json.append(",\"pad\":\"");
    while (json.length() < SIZE - 2) {
      json.append('x');
    }
    byte[] bytes = json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length != SIZE) {
      throw new IllegalStateException("payload is " + bytes.length + " bytes");
    }
    return bytes;
  }
}
