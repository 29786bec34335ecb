# postern-options.sh: sourced (`. FILE`, not run) by every launcher (../../postern in a source tree,
# ../bin/postern installed, ../jpackage/postern in the app image), by postern-archive and by build-image: the
# JVM options, the owner check and the locale they share, defined once. It sits beside the jars where postern is installed
# (/usr/share/postern, lib/postern of a tarball, lib/app of the app image) and beside postern-archive here.
# Plain assignments and functions: sourcing it costs the shell a read, no process (postern_utf8_ctype below, run
# at the end, starts one only for a locale that is not UTF-8 on a system without /usr/lib/locale/C.utf8).
#
# postern_opts: a command's JVM (POSTERN_JAVA_OPTS replaces them). Serial GC and C1 only: mail is I/O-bound,
# and these start fastest (C2 measured: more CPU, not less, even for a 20k listing). The heap starts at 16 MB
# and grows only as far as live data needs (MinHeapFreeRatio/MaxHeapFreeRatio keep little slack and give it
# back after a full GC): the JVM's default starts it at 1/64 of the machine's memory, and Serial GC lets the
# young generation fill all of that before it collects (the reader on 20k messages sat at 200 MB RSS with
# 27 MB live). -Xmn4m: the young generation fixed at 4 MB, where a third of the heap (12 MB in the reader) was
# resident for garbage alone; a young collection of postern's small live set is short (a full sync of 20k took
# no more CPU). No -Xmx: a huge message or import may need more, and the default ceiling (1/4 of memory) is
# reached only by live data. -XX:-UsePerfData: no hsperfdata file mapped and written (jcmd PID still attaches;
# only jps/jcmd -l no longer list postern).
# ArchiveRelocationMode=0: the start-up archive is mapped at the address it was dumped for (JDK 17's upstream
# default; Debian's JDK 17 and JDK 25 map it elsewhere and relocate every pointer in it, which touched all
# 49 MB at each start: 135 ms of a `java -version` given the archive, and 25 MB of private pages that stay
# clean and shared when it is not relocated). bench/MEMORY.md has the figures.
# -ShrinkHeapInSteps: a full collection gives the old generation back down to MaxHeapFreeRatio at once, not 0%, 10%,
# 40% of the excess on successive ones: after a big arrangement (`T` at 100k) the last collection had seen the
# arranging's scratch and the old generation stayed 6 MB above what is live. TrimNativeHeapInterval=5000: every 5 s
# the JVM hands glibc's freed native memory back (malloc_trim), 2-3 MB the compiler and threads had freed. JDK
# 17.0.9+ and 21+ know it; IgnoreUnrecognizedVMOptions lets an older 17 start without it instead of refusing to.
postern_opts=${POSTERN_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms16m -Xmn4m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-ShrinkHeapInSteps -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000}
# postern_client_opts: the client-only JVM (a command line relayed to a resident owner, where there is no perl)
# and its own archive (postern-archive records it with these): the interpreter alone (a relay runs too little
# code for a compiler to pay back its threads' start), a heap and code cache sized for relaying.
postern_client_opts="-XX:+UseSerialGC -Xint -Xms8m -Xmx64m -XX:ReservedCodeCacheSize=8m -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"

# postern_owner_running: true when a resident owner of this user most likely runs (the reader, the shell, a
# daemon): a live pid names a file in the owners' directory (resident/OwnerMarker leaves it there). A guess: the
# Perl client or the client-only JVM asks the owner, and hands the command back when none serves it.
# postern_heap_for ARGS...: sets postern_heap to the extra JVM options of the command ARGS run: for one that lists a
# server into the store (sync, fetch, list without --cached) the heap starts at 32 MB instead of 16. A 20k header
# listing then ran 6 full collections instead of 18 (357 ms of pauses at 16 MB, on two cores a pause stops every
# thread): 2.63 s against 2.96 s, 4 MB more resident (bench/ISSUE16.md). Not for the reader, which stays under its
# 100 MB (104 MB at 32). The first word that is not an option or an option's value is the command; nothing is added
# when POSTERN_JAVA_OPTS replaces the options. No process is started.
postern_heap_for() {
    postern_heap=
    [ -n "${POSTERN_JAVA_OPTS:-}" ] && return 0
    _cmd=
    _skip=
    for _a in "$@"; do
        if [ -n "$_skip" ]; then
            _skip=
            continue
        fi
        case $_a in
            --) break ;;
            --config | -a | --account) _skip=1 ;;
            --cached | --cached=*) [ "$_cmd" = list ] && return 0 ;;
            -*) ;;
            *) [ -z "$_cmd" ] && _cmd=$_a ;;
        esac
    done
    case $_cmd in
        sync | fetch | list) postern_heap=-Xms32m ;;
    esac
    return 0
}

postern_owner_running() {
    for _o in "${XDG_RUNTIME_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}}"/postern-owners/*; do
        [ -d "/proc/${_o##*/}" ] && return 0
    done
    return 1
}

# postern_utf8_ctype: Java 17 encodes file names and decodes argv in the locale's charset (sun.jnu.encoding), which
# is ASCII where no locale is set (cron sets no LANG) or under LANG=C/POSIX: a HOME, a config or data_dir path, or a
# folder argument with a non-ASCII letter then fails or is mangled. When the locale in force (LC_ALL, else LC_CTYPE,
# else LANG) is ASCII (none, C, POSIX, or one not installed, which the C library takes as C) or a multi-byte charset
# that is not UTF-8, the JVM gets LC_CTYPE=C.UTF-8 (built into glibc since 2.35, a locale of its own in Debian's
# libc-bin before: /usr/lib/locale/C.utf8; else the first UTF-8 locale `locale -a` lists; with none, nothing changes
# and postern names the path it cannot use, exit 78). An LC_ALL is moved to LANG so that it still governs every other
# category. A single-byte charset (ISO-8859-x, KOI8-x, CP125x, TIS-620: de_DE is ISO-8859-1) is kept: the terminal
# typed the arguments in it (under C.UTF-8, `send -s Grüße` typed in Latin-1 went out as "Gr��e": hunt
# 34-C, C1), and every byte is a letter of it, so any file name still round-trips. What the user's locale gave as the
# charset stays that of output to a terminal (as mutt keeps it: characters it lacks shown as '?'), in
# POSTERN_TERMINAL_CHARSET, which the JVM reads; files and pipes get UTF-8.
# No process is started when the locale is UTF-8 (every interactive use), none for cron's or LANG=C on Debian.
postern_utf8_ctype() {
    _was=${LC_ALL:-${LC_CTYPE:-${LANG:-}}}
    case $_was in
        *.[Uu][Tt][Ff]-8 | *.[Uu][Tt][Ff]8 | *.[Uu][Tt][Ff]-8@* | *.[Uu][Tt][Ff]8@*) return 0 ;;
        '' | C | POSIX) _map=ANSI_X3.4-1968 ;;
        *) _map=$(locale charmap 2>/dev/null) ;;
    esac
    case $_map in
        UTF-8) return 0 ;;
        ISO-8859-* | KOI8-* | CP125? | TIS-620)
            [ -n "${POSTERN_TERMINAL_CHARSET:-}" ] || POSTERN_TERMINAL_CHARSET=$_map
            export POSTERN_TERMINAL_CHARSET
            return 0 ;;
    esac
    _utf8=
    if [ -d /usr/lib/locale/C.utf8 ]; then
        _utf8=C.UTF-8
    else
        for _l in $(locale -a 2>/dev/null); do
            case $_l in
                C.[Uu][Tt][Ff]-8 | C.[Uu][Tt][Ff]8) _utf8=$_l; break ;;
                *.[Uu][Tt][Ff]-8 | *.[Uu][Tt][Ff]8) [ -n "$_utf8" ] || _utf8=$_l ;;
            esac
        done
    fi
    [ -n "$_utf8" ] || return 0
    if [ -z "${POSTERN_TERMINAL_CHARSET:-}" ]; then
        POSTERN_TERMINAL_CHARSET=$_map
        export POSTERN_TERMINAL_CHARSET
    fi
    if [ -n "${LC_ALL:-}" ]; then
        LANG=$LC_ALL
        export LANG
        unset LC_ALL LC_COLLATE LC_MESSAGES LC_MONETARY LC_NUMERIC LC_TIME LC_ADDRESS LC_IDENTIFICATION \
            LC_MEASUREMENT LC_NAME LC_PAPER LC_TELEPHONE
    fi
    LC_CTYPE=$_utf8
    export LC_CTYPE
}
postern_utf8_ctype

# A closed standard input (`postern ... <&-`) is opened on /dev/null: else the JVM's first file (its 128 MB
# lib/modules) takes descriptor 0, and postern reads that as its input: `postern shell <&-` ran the binary's lines
# as commands for minutes, `send <&-` took it for the message (hunt F, F14). A closed standard output or error is
# left closed: a write to it fails, and postern says so (exit 74).
# (The shell itself is asked, by /proc, without a process: `<&0` is a no-op in dash even when 0 is closed.)
if [ -d /proc/self/fd ] && [ ! -e /proc/self/fd/0 ]; then exec </dev/null; fi

# A current directory that was removed (a shell left in a deleted checkout) makes the JVM die in its start with a
# Java trace ("Could not determine current working directory", exit 1: hunt F, F19). Then postern runs from / instead,
# and says so once on stderr when an argument looks like a relative path (with a / in it, or . or ..), which is then
# taken from /: nothing could have been read from or written to the removed directory anyway. No process in the usual
# case: dash and bash set PWD to the working directory at start (dash to "" when it is gone; bash leaves the
# inherited one, which then names no directory or another one), and test -ef compares it with . by stat.
postern_cwd() {
    case $PWD in /*) [ "$PWD" -ef . ] && return 0 ;; esac
    [ -n "$(pwd -P 2>/dev/null)" ] && return 0
    cd / || return 0
    for _a in "$@"; do
        case $_a in --*=*) _a=${_a#*=} ;; esac
        case $_a in
            /* | '~'* | -*) ;;
            . | .. | */*)
                echo "postern: the current directory no longer exists; running in /, so the relative path '$_a' is taken from /." >&2
                return 0 ;;
        esac
    done
}
postern_cwd "$@"
