package dev.postern.auth;

import io.nayuki.qrcodegen.QrCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A QR code as terminal text, two modules per character cell with the half blocks ▀ ▄ █, as
 * {@code qrencode -t UTF8} draws it: light modules are drawn (the terminal's foreground), dark ones left
 * blank, with a quiet zone of two modules. On the usual dark terminal that is the code as printed on paper;
 * on a light one it shows inverted, which the common phone scanners read as well ({@code --no-qr} leaves it
 * out).
 */
public final class QrText {
    static final int QUIET = 2;

    private QrText() {}

    /** The lines, or an empty list when {@code text} cannot be encoded (longer than a QR code holds). */
    public static List<String> lines(String text) {
        QrCode qr;
        try {
            qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
        } catch (RuntimeException e) {
            return List.of();
        }
        int n = qr.size + 2 * QUIET;
        List<String> out = new ArrayList<>();
        for (int y = 0; y < n; y += 2) {
            StringBuilder line = new StringBuilder(n);
            for (int x = 0; x < n; x++) {
                boolean top = light(qr, x - QUIET, y - QUIET);
                boolean bottom = y + 1 >= n || light(qr, x - QUIET, y + 1 - QUIET);
                line.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Columns the code takes; 0 when it cannot be encoded. */
    public static int width(String text) {
        List<String> l = lines(text);
        return l.isEmpty() ? 0 : l.get(0).length();
    }

    private static boolean light(QrCode qr, int x, int y) {
        // getModule is false (light) outside the symbol: that is the quiet zone.
        return !qr.getModule(x, y);
    }
}
