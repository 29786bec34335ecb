package dev.postern.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Immutable flag set of one message: system flags plus free-form keywords. */
public record Flags(Set<Flag> system, Set<String> keywords) {
    public static final Flags NONE = new Flags(EnumSet.noneOf(Flag.class), Set.of());

    public Flags {
        system = system.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(system));
        keywords = keywords.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(keywords)); // most: none
    }

    public static Flags of(Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        Collections.addAll(set, flags);
        return new Flags(set, Set.of());
    }

    public boolean has(Flag f) { return system.contains(f); }

    public Flags with(Flag f) {
        EnumSet<Flag> set = system.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(system);
        set.add(f);
        return new Flags(set, keywords);
    }

    public Flags without(Flag f) {
        EnumSet<Flag> set = system.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(system);
        set.remove(f);
        return new Flags(set, keywords);
    }

    /** Labels of all flags, system first in enum order, then keywords sorted. */
    public List<String> labels() {
        List<String> out = new ArrayList<>(system.size() + keywords.size());
        for (Flag f : system) out.add(f.label());
        out.addAll(keywords);
        return out;
    }
}
