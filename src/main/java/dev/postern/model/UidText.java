package dev.postern.model;

import java.util.List;

/** UIDs named in a sentence: "3, 4, 9", or the first ten "and N more". */
public final class UidText {
    private UidText() {}

    public static String abbreviate(List<Long> uids) {
        List<Long> shown = uids.size() <= 10 ? uids : uids.subList(0, 10);
        StringBuilder b = new StringBuilder();
        for (Long u : shown) b.append(b.length() == 0 ? "" : ", ").append(u);
        return uids.size() <= 10 ? b.toString() : b.append(" and ").append(uids.size() - 10).append(" more").toString();
    }
}
