package dev.postern.cli;

/** Batch output as JSON, written by {@link dev.postern.model.JsonWriter} (as the retention audit log is). */
public final class Json {
    private Json() {}

    public static String write(Object v) { return dev.postern.model.JsonWriter.write(v); }
}
