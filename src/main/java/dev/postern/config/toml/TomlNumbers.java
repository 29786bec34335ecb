package dev.postern.config.toml;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The values that start with a digit or a sign: integers (decimal, 0x, 0o, 0b, with underscores between
 * digits), floats (with inf and nan), and the four date-time kinds. Times keep at most nanosecond precision
 * (further digits are truncated); a leap second (:60) is refused because java.time cannot hold it.
 */
final class TomlNumbers {
    private final TomlCursor in;
    private final String s;
    private final int n;

    TomlNumbers(TomlCursor in) {
        this.in = in;
        this.s = in.s;
        this.n = in.n;
    }

    /** At a digit, '+' or '-': a Long, a Double, or a date, time or date-time. */
    Object numberOrDate() {
        int start = in.pos;
        if (in.digitAt(in.pos) && in.digitAt(in.pos + 1) && in.digitAt(in.pos + 2) && in.digitAt(in.pos + 3) && in.charAt(in.pos + 4, '-')) {
            return dateOrDateTime(start);
        }
        if (in.digitAt(in.pos) && in.digitAt(in.pos + 1) && in.charAt(in.pos + 2, ':')) {
            return time(start);
        }
        int end = in.pos;
        while (end < n) {
            char c = s.charAt(end);
            if (TomlCursor.isBare(c) || c == '+' || c == '.') {
                end++;
            } else {
                break;
            }
        }
        String tok = s.substring(in.pos, end);
        in.pos = end;
        return number(tok, start);
    }

    // ---- integers and floats ----

    private Object number(String tok, int at) {
        boolean negative = tok.startsWith("-");
        boolean signed = negative || tok.startsWith("+");
        String body = signed ? tok.substring(1) : tok;
        if (body.equals("inf")) return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (body.equals("nan")) return Double.NaN;
        if (body.length() > 1 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'o' || body.charAt(1) == 'b')) {
            int radix = body.charAt(1) == 'x' ? 16 : body.charAt(1) == 'o' ? 8 : 2;
            if (signed) in.fail(at, "a number in base " + radix + " cannot have a sign: " + tok);
            String digits = body.substring(2);
            if (digitRun(digits, 0, radix) != digits.length()) in.fail(at, tok + " is not a valid number in base " + radix);
            try {
                return Long.parseLong(digits.replace("_", ""), radix);
            } catch (NumberFormatException e) {
                throw in.fail(at, tok + " is too large for a 64-bit integer");
            }
        }
        int i = digitRun(body, 0, 10);
        if (i == 0) in.fail(at, tok + " is not a valid number");
        if (i > 1 && body.charAt(0) == '0') in.fail(at, "leading zeros are not allowed: " + tok);
        boolean isFloat = false;
        if (i < body.length() && body.charAt(i) == '.') {
            int j = digitRun(body, i + 1, 10);
            if (j == i + 1) in.fail(at, tok + " needs digits after the decimal point");
            i = j;
            isFloat = true;
        }
        if (i < body.length() && (body.charAt(i) == 'e' || body.charAt(i) == 'E')) {
            i++;
            if (i < body.length() && (body.charAt(i) == '+' || body.charAt(i) == '-')) i++;
            int j = digitRun(body, i, 10);
            if (j == i) in.fail(at, tok + " needs digits in its exponent");
            i = j;
            isFloat = true;
        }
        if (i != body.length()) {
            in.fail(at, tok + " is not a valid number (an underscore must stand between two digits)");
        }
        String clean = tok.indexOf('_') < 0 ? tok : tok.replace("_", "");
        if (isFloat) return Double.parseDouble(clean);
        try {
            return Long.parseLong(clean);
        } catch (NumberFormatException e) {
            throw in.fail(at, tok + " is out of range for a 64-bit integer");
        }
    }

    /** The end of a run of digits in {@code radix} from {@code i}, with single underscores between digits. */
    private static int digitRun(String t, int i, int radix) {
        if (i >= t.length() || Character.digit(t.charAt(i), radix) < 0 || t.charAt(i) > 'f') return i;
        int j = i + 1;
        while (j < t.length()) {
            char c = t.charAt(j);
            if (c <= 'f' && Character.digit(c, radix) >= 0) {
                j++;
            } else if (c == '_' && j + 1 < t.length() && t.charAt(j + 1) <= 'f' && Character.digit(t.charAt(j + 1), radix) >= 0) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    // ---- dates and times ----

    private Object dateOrDateTime(int start) {
        // YYYY-MM-DD
        if (!(in.digitAt(in.pos + 5) && in.digitAt(in.pos + 6) && in.charAt(in.pos + 7, '-') && in.digitAt(in.pos + 8) && in.digitAt(in.pos + 9))) {
            in.fail(start, "a date is written YYYY-MM-DD");
        }
        int year = Integer.parseInt(s.substring(in.pos, in.pos + 4));
        int month = in.twoDigits(in.pos + 5);
        int day = in.twoDigits(in.pos + 8);
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw in.fail(start, s.substring(in.pos, in.pos + 10) + " is not a valid date");
        }
        in.pos += 10;
        boolean timeFollows = in.pos < n && (s.charAt(in.pos) == 'T' || s.charAt(in.pos) == 't'
                || (s.charAt(in.pos) == ' ' && in.digitAt(in.pos + 1) && in.digitAt(in.pos + 2) && in.charAt(in.pos + 3, ':')));
        if (!timeFollows) return date;
        in.pos++;
        LocalTime time = time(in.pos);
        LocalDateTime local = LocalDateTime.of(date, time);
        if (in.pos < n && (s.charAt(in.pos) == 'Z' || s.charAt(in.pos) == 'z')) {
            in.pos++;
            return OffsetDateTime.of(local, ZoneOffset.UTC);
        }
        if (in.pos < n && (s.charAt(in.pos) == '+' || s.charAt(in.pos) == '-')) {
            int at = in.pos;
            if (!(in.digitAt(in.pos + 1) && in.digitAt(in.pos + 2) && in.charAt(in.pos + 3, ':') && in.digitAt(in.pos + 4) && in.digitAt(in.pos + 5))) {
                in.fail(at, "a time offset is written +HH:MM or -HH:MM");
            }
            int h = in.twoDigits(in.pos + 1);
            int m = in.twoDigits(in.pos + 4);
            if (h > 23 || m > 59) in.fail(at, s.substring(in.pos, in.pos + 6) + " is not a valid time offset");
            int sign = s.charAt(in.pos) == '-' ? -1 : 1;
            in.pos += 6;
            try {
                return OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(sign * h, sign * m));
            } catch (DateTimeException e) {
                throw in.fail(at, s.substring(at, in.pos) + " is not a valid time offset");
            }
        }
        return local;
    }

    /** HH:MM:SS[.fraction] at the cursor. */
    private LocalTime time(int start) {
        if (!(in.digitAt(in.pos) && in.digitAt(in.pos + 1) && in.charAt(in.pos + 2, ':') && in.digitAt(in.pos + 3) && in.digitAt(in.pos + 4)
                && in.charAt(in.pos + 5, ':') && in.digitAt(in.pos + 6) && in.digitAt(in.pos + 7))) {
            in.fail(start, "a time is written HH:MM:SS, with seconds");
        }
        int h = in.twoDigits(in.pos);
        int m = in.twoDigits(in.pos + 3);
        int sec = in.twoDigits(in.pos + 6);
        int timeAt = in.pos;
        in.pos += 8;
        int nanos = 0;
        if (in.pos < n && s.charAt(in.pos) == '.') {
            in.pos++;
            if (!in.digitAt(in.pos)) in.fail(in.pos, "expected digits after the decimal point of the seconds");
            int digits = 0;
            while (in.digitAt(in.pos)) {
                if (digits < 9) nanos = nanos * 10 + (s.charAt(in.pos) - '0');
                digits++;
                in.pos++;
            }
            for (int i = digits; i < 9; i++) nanos *= 10;
        }
        try {
            return LocalTime.of(h, m, sec, nanos);
        } catch (DateTimeException e) {
            throw in.fail(timeAt, s.substring(timeAt, timeAt + 8) + " is not a valid time");
        }
    }
}
