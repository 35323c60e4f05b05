package io.barterdude.validation;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a JSON Schema of draft 2019-09 or 2020-12 as the draft 7 schema that means the same, for
 * Justify 3, which validates drafts 4, 6 and 7 only: {@code $defs} becomes {@code definitions} (and
 * the references to it follow), {@code dependentRequired} and {@code dependentSchemas} become
 * {@code dependencies}, 2020-12's {@code prefixItems} and {@code items} become {@code items} and
 * {@code additionalItems}, and a {@code $ref} beside other keywords moves into {@code allOf} (draft
 * 7 ignores the siblings of a {@code $ref}). A keyword draft 7 cannot express ({@link
 * #UNSUPPORTED}) is refused. A schema of another draft is returned as it is.
 */
final class Draft7Rewriter {

  /** The draft 7 meta-schema's URI. */
  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

  /** The keywords of 2019-09 and 2020-12 that have no draft 7 equivalent. */
  static final Set<String> UNSUPPORTED =
      Set.of(
          "unevaluatedProperties",
          "unevaluatedItems",
          "minContains",
          "maxContains",
          "$anchor",
          "$recursiveRef",
          "$recursiveAnchor",
          "$dynamicRef",
          "$dynamicAnchor",
          "$vocabulary");

  private static final Set<String> NEWER_DRAFTS =
      Set.of(
          "https://json-schema.org/draft/2019-09/schema",
          "https://json-schema.org/draft/2020-12/schema");
  private static final Set<String> ONE_SCHEMA =
      Set.of(
          "additionalProperties",
          "additionalItems",
          "contains",
          "propertyNames",
          "not",
          "if",
          "then",
          "else");
  private static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf");
  private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties");

  private Draft7Rewriter() {}

  /** Whether a schema declares draft 2019-09 or 2020-12 in its {@code $schema}. */
  private static boolean isNewerDraft(JsonValue schema) {
    if (!(schema instanceof JsonObject object)
        || !(object.get("$schema") instanceof JsonString uri)) {
      return false;
    }
    String declared = uri.getString();
    String withoutFragment =
        declared.endsWith("#") ? declared.substring(0, declared.length() - 1) : declared;
    return NEWER_DRAFTS.contains(withoutFragment);
  }

  /**
   * The draft 7 equivalent of a 2019-09 or 2020-12 schema; any other schema unchanged.
   *
   * @param schema the schema
   * @return the schema Justify 3 can compile
   * @throws IllegalArgumentException naming the keyword and where it is, if draft 7 cannot express
   *     it
   */
  static JsonValue rewrite(JsonValue schema) {
    return isNewerDraft(schema) ? subschema(schema, "") : schema;
  }

  private static JsonValue subschema(JsonValue value, String pointer) {
    if (!(value instanceof JsonObject object)) {
      return value;
    }
    JsonObjectBuilder out = Json.createObjectBuilder();
    JsonObjectBuilder definitions = Json.createObjectBuilder();
    JsonObjectBuilder dependencies = Json.createObjectBuilder();
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      String key = entry.getKey();
      JsonValue keyword = entry.getValue();
      String at = child(pointer, key);
      if (UNSUPPORTED.contains(key)) {
        throw new IllegalArgumentException(
            "keyword '" + key + "' at " + at + " has no draft-07 equivalent");
      }
      switch (key) {
        case "$schema" -> out.add(key, DRAFT_07);
        case "$ref" -> out.add(key, reference(keyword));
        case "$defs", "definitions" -> schemaMap(keyword, at).forEach(definitions::add);
        case "dependentRequired", "dependencies" -> object(keyword, at).forEach(dependencies::add);
        case "dependentSchemas" -> schemaMap(keyword, at).forEach(dependencies::add);
        case "prefixItems" -> out.add("items", schemaArray(keyword, at));
        case "items" -> out.add(itemsKeyword(object), items(keyword, at));
        default -> out.add(key, keyword(key, keyword, at));
      }
    }
    addIfAny(out, "definitions", definitions.build());
    addIfAny(out, "dependencies", dependencies.build());
    return withRefInAllOf(out.build());
  }

  private static void addIfAny(JsonObjectBuilder out, String key, JsonObject collected) {
    if (!collected.isEmpty()) {
      out.add(key, collected);
    }
  }

  /**
   * Moves a {@code $ref} that has siblings to the end of {@code allOf}, so that the other keywords
   * apply too and keep their place.
   */
  private static JsonObject withRefInAllOf(JsonObject schema) {
    if (!schema.containsKey("$ref") || schema.size() == 1) {
      return schema;
    }
    JsonArrayBuilder allOf =
        schema.get("allOf") instanceof JsonArray existing
            ? Json.createArrayBuilder(existing)
            : Json.createArrayBuilder();
    allOf.add(Json.createObjectBuilder().add("$ref", schema.get("$ref")));
    return Json.createObjectBuilder(schema).remove("$ref").add("allOf", allOf).build();
  }

  private static String child(String pointer, String token) {
    return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
  }

  private static JsonValue keyword(String key, JsonValue keyword, String at) {
    if (ONE_SCHEMA.contains(key)) {
      return subschema(keyword, at);
    }
    if (SCHEMA_ARRAYS.contains(key)) {
      return schemaArray(keyword, at);
    }
    if (SCHEMA_MAPS.contains(key)) {
      return schemaMap(keyword, at);
    }
    return keyword;
  }

  /** 2020-12's {@code items} beside {@code prefixItems} is draft 7's {@code additionalItems}. */
  private static String itemsKeyword(JsonObject object) {
    return object.containsKey("prefixItems") ? "additionalItems" : "items";
  }

  private static JsonValue items(JsonValue keyword, String at) {
    return keyword instanceof JsonArray ? schemaArray(keyword, at) : subschema(keyword, at);
  }

  private static JsonValue reference(JsonValue ref) {
    if (!(ref instanceof JsonString uri)) {
      return ref;
    }
    return Json.createValue(uri.getString().replace("#/$defs/", "#/definitions/"));
  }

  private static JsonValue schemaArray(JsonValue keyword, String at) {
    if (!(keyword instanceof JsonArray array)) {
      return keyword;
    }
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (int i = 0; i < array.size(); i++) {
      out.add(subschema(array.get(i), at + "/" + i));
    }
    return out.build();
  }

  private static JsonObject schemaMap(JsonValue keyword, String at) {
    JsonObjectBuilder out = Json.createObjectBuilder();
    object(keyword, at)
        .forEach((name, schema) -> out.add(name, subschema(schema, child(at, name))));
    return out.build();
  }

  private static JsonObject object(JsonValue keyword, String at) {
    if (keyword instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException("the value at " + at + " must be an object");
  }
}
