package dev.postern.render;

import java.nio.charset.Charset;
import java.nio.charset.spi.CharsetProvider;
import java.util.Iterator;
import java.util.List;

/**
 * Makes {@link Utf7Charset} known to {@code Charset.forName} (META-INF/services), so code that looks charsets up
 * itself, as Jakarta Mail's MimeUtility does for encoded-words in ENVELOPE subjects and names, reads UTF-7 too.
 */
public final class Utf7Provider extends CharsetProvider {
    @Override
    public Iterator<Charset> charsets() {
        return List.<Charset>of(Utf7Charset.INSTANCE).iterator();
    }

    @Override
    public Charset charsetForName(String name) {
        return name != null && Utf7Charset.named(name) ? Utf7Charset.INSTANCE : null;
    }
}
