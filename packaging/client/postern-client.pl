#!/usr/bin/perl
# postern-client.pl LAUNCHER JAR ARGS...
#
# The launchers' fastest client of a resident owner (`postern daemon`, the reader, `postern shell`), in the
# Perl every Debian system has (perl-base is Essential). It speaks the owner's protocol (resident/Wire.java)
# as the Java clients do: for a command, a hello, one REQUEST frame, then OUT/ERR/STDIN_WANTED/EXIT frames
# (resident/Client.java); for the reader (no subcommand, on a terminal), a READER frame and the terminal relayed
# (resident/ReaderClient.java, below at "The reader"). It starts in a few milliseconds where the lightest JVM
# takes ~100: a command sent to a warm owner then costs what the owner does (bench/RESIDENT.md), and a second
# reader paints in the time of the owner's render (bench/SCREEN.md).
#
# It never decides anything the Java client would decide differently. It serves a command or a reader only when
# an owner's file in the owners' directory (resident/OwnerMarker) names the data directory this command line works on
# (below at data_dir_of) and the same config file it reads, and the build this launcher's JAR is now (its real path, size and time: below at "The same build"); in every
# other case (another build, as after an upgrade; no such owner, a stale socket, a reader without a terminal or
# stty, `demo`, an interactive `shell`, help, and a frame it does not know, such as an owner handing its reader
# over) it execs LAUNCHER with POSTERN_CLIENT=none,
# which runs the Java client and, failing an owner, the command or the reader itself. Once the request is
# answered, the owner's output, error and exit code are this process's.
use strict;
use warnings;
# No modules beyond these two: loading Socket or IO::Socket::UNIX costs more CPU than the rest of this script
# (13 and 30 ms here). Linux's values stand in for them: AF_UNIX and SOCK_STREAM are 1, and a sockaddr_un is the
# family as a native unsigned short followed by the path and its NUL.
my ($AF_UNIX, $SOCK_STREAM) = (1, 1);

# The launchers start perl quiet about a locale that is not installed, PERL_BADLANG=0 (hunt 37-J, J11: perl's 7-line
# "Setting locale failed" on stderr for every served command, cron's `fetch --quiet` included), with the user's own
# value in POSTERN_PERL_BADLANG ("=VALUE", or empty when unset): put back, so that the owner and the Java path get the
# environment (and the locale) the user gave.
if (defined(my $badlang = delete $ENV{POSTERN_PERL_BADLANG})) {
    if ($badlang =~ /^=(.*)$/s) { $ENV{PERL_BADLANG} = $1; } else { delete $ENV{PERL_BADLANG}; }
}
my $launcher = shift @ARGV;
my $jar = shift @ARGV;
my @args = @ARGV;

sub full {
    $ENV{POSTERN_CLIENT} = 'none';
    { no warnings 'exec'; exec { $launcher } $launcher, @args; }
    print STDERR "postern: cannot run $launcher: $!\n";
    exit 69;
}

# As Client.subcommandName: the first word that is not a root option or its value.
sub subcommand {
    for (my $i = 0; $i < @args; $i++) {
        my $a = $args[$i];
        return undef if $a eq '--';
        if ($a eq '--config' || $a eq '-a' || $a eq '--account') { $i++; next; }
        return $a if $a !~ /^-/;
    }
    return undef;
}

# Lexical normalisation, as java.nio.file.Path.normalize on an absolute path.
sub normal {
    my ($p) = @_;
    my @out;
    for my $part (split m{/}, $p) {
        next if $part eq '' || $part eq '.';
        if ($part eq '..') { pop @out; next; }
        push @out, $part;
    }
    return '/' . join('/', @out);
}

# As Path.toAbsolutePath().normalize(): against the working directory as the kernel has it (what Java's
# user.dir is), not the shell's $PWD, which may name it through a symbolic link.
my $physical;
sub absolute {
    my ($p) = @_;
    return normal($p) if $p =~ m{^/};
    if (!defined $physical) {
        $physical = readlink '/proc/self/cwd';
        full() unless defined $physical && $physical =~ m{^/} && $physical !~ / \(deleted\)$/;
    }
    return normal("$physical/$p");
}

# As model/HomeEnv: an empty or relative HOME is unset, the passwd entry's home. Bytes that are not UTF-8 in an
# argument or a directory's name (a Latin-1 locale's) go to the Java path, which decodes them in the locale's charset
# (the owner reads a request's strings as UTF-8) or refuses the directory in words.
my $home = (defined $ENV{HOME} && $ENV{HOME} =~ m{^/}) ? $ENV{HOME} : (getpwuid($<))[7];
for my $s (@args, map { $ENV{$_} } grep { defined $ENV{$_} } qw(HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME
        XDG_CACHE_HOME XDG_RUNTIME_DIR)) {
    my $copy = $s;
    full() unless utf8::decode($copy);
}

# As Client.configPath.
sub config_path {
    my $given;
    for (my $i = 0; $i < @args; $i++) {
        my $a = $args[$i];
        last if $a eq '--';
        if ($a eq '--config' && $i + 1 < @args) { $given = $args[++$i]; }
        elsif ($a =~ /^--config=(.*)$/s) { $given = $1; }
    }
    return absolute($given) if defined $given;
    my $x = $ENV{XDG_CONFIG_HOME};
    my $base = (defined $x && $x =~ m{^/} && $x =~ /\S/) ? $x : "$home/.config";
    return normal("$base/postern/config.toml");
}

# As cli/CommandNames.TOP (CommandNamesTest holds the two alike): any other first word is the reader's FOLDER.
my %COMMANDS = map { $_ => 1 } qw(attachment auth bounce cancel complete completion copy daemon delete demo export
    fetch flag folder folders forward help import jobs list move outbox queue read recall reply retention search send
    shell store sync);
my $named = subcommand();
$named = undef if defined $named && !$COMMANDS{$named}; # `postern Archive`: the reader, on that folder
for my $a (@args) { last if $a eq '--'; full() if $a =~ /^(-h|--help|-V|--version)$/; }
# The reader is served only to a terminal (as ReaderClient.run: standard input and output both one).
full() if !defined $named && !(-t STDIN && -t STDOUT);
# ... and one that can move the cursor (Terminals.cursorAddressable): TERM unset, empty or dumb is refused there.
full() if !defined $named && ($ENV{TERM} // '') =~ /^\s*(?:dumb)?\s*$/i;
full() if defined $named && ($named eq 'demo' || $named eq 'help' || ($named eq 'shell' && -t STDIN));

# As Client.dataDir: data_dir at the config's top level ("~/" is HOME, a relative one is beside the config), or
# $XDG_DATA_HOME/postern (else HOME's .local/share/postern), absolute and normalised as SocketFiles.socketFor takes it.
# Undef when this cannot tell as surely as the Java client's TOML parser (the file unreadable, a data_dir that is not a
# plain one-line string before the first table, or one named twice): the Java path then decides (hunt 37-J, J13: this
# client matched the owner by the config's path alone, so `XDG_DATA_HOME=B postern fetch` ran in the owner of another store).
sub data_dir_of {
    my ($config) = @_;
    open(my $fh, '<:raw', $config) or return undef;
    my $text = do { local $/; <$fh> };
    close $fh;
    return undef unless defined $text;
    if ($text !~ /data_dir/) {
        my $x = $ENV{XDG_DATA_HOME};
        return normal(((defined $x && $x =~ m{^/} && $x =~ /\S/) ? $x : "$home/.local/share") . '/postern');
    }
    my $value;
    for my $line (split /\n/, $text) {
        last if $line =~ /^\s*\[/; # a table: the top level ends
        next unless $line =~ /data_dir/;
        return undef if defined $value || $line !~ /^\s*data_dir\s*=\s*(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?\r?$/;
        $value = $1 // $2;
    }
    return undef unless defined $value; # named, but not as this can read
    $value = $home . substr($value, 1) if $value eq '~' || $value =~ m{^~/};
    return normal($value) if $value =~ m{^/};
    (my $beside = $config) =~ s{/[^/]*$}{};
    return normal("$beside/$value");
}

# Whether two paths name one file (device and inode, through links), as the owner compares a request's config with its
# own (Requests.sameFile; hunt 37-J, J14: a config named through a symbolic link was "another config").
sub same_file {
    my ($a, $b) = @_;
    return 1 if $a eq $b;
    my @x = stat $a;
    my @y = stat $b;
    return @x && @y && $x[0] == $y[0] && $x[1] == $y[1];
}

# The owner that serves this command line, from the files owners leave (resident/OwnerMarker): the one that owns the data
# directory this command line works on (as the Java client connects to that directory's socket), and only when it serves
# the same config file; any other case (no owner there, one with another config) is the Java path's to run or refuse.
my $dir = ($ENV{XDG_RUNTIME_DIR} // '') ne '' ? $ENV{XDG_RUNTIME_DIR}
        : ($ENV{XDG_CACHE_HOME} // '') ne '' ? $ENV{XDG_CACHE_HOME}
        : defined $home && $home ne '' ? "$home/.cache" : full();
my $config = config_path();
my $data_dir = data_dir_of($config);
full() unless defined $data_dir;
my %owner;
if (opendir(my $dh, "$dir/postern-owners")) {
    for my $pid (readdir $dh) {
        next unless $pid =~ /^\d+$/ && -d "/proc/$pid";
        open(my $fh, '<', "$dir/postern-owners/$pid") or next;
        my %m;
        while (my $line = <$fh>) {
            chomp $line;
            $m{$1} = $2 if $line =~ /^([a-z_]+)=(.*)$/s;
        }
        close $fh;
        next unless defined $m{data_dir} && $m{data_dir} =~ m{^/} && normal($m{data_dir}) eq $data_dir;
        full() unless defined $m{config} && same_file($m{config}, $config);
        %owner = %m;
        $owner{pid} = $pid;
        last;
    }
    closedir $dh;
}
full() unless %owner && defined $owner{socket} && defined $owner{build};

# As File.getCanonicalFile (what the JVM makes of a class path entry): absolute, every symbolic link resolved;
# undef when a link loops or a component cannot be read.
sub real {
    my @todo = split m{/}, absolute($_[0]);
    my ($out, $links) = ('', 0);
    while (@todo) {
        my $c = shift @todo;
        next if $c eq '' || $c eq '.';
        if ($c eq '..') { $out =~ s{/[^/]*$}{}; next; }
        my $link = readlink "$out/$c";
        if (defined $link) {
            return undef if ++$links > 40;
            unshift @todo, split m{/}, $link;
            $out = '' if $link =~ m{^/};
            next;
        }
        return undef unless -e "$out/$c";
        $out .= "/$c";
    }
    return $out eq '' ? '/' : $out;
}

# The same build (resident/Wire.BUILD: "VERSION (JAR, SIZE bytes, TIME)", the shaded jar's real path, its size and
# its modification time in whole seconds, UTC): this launcher's jar as it is now, against the build the owner took
# at its start. After an upgrade in place (dpkg, `git pull && mvn package`) the path is the same but the jar is not:
# the owner is another build, and the Java path asks it as such (a daemon hands the command back and stops, a reader
# or a shell refuses it in words). The version is the jar's own (version.properties inside it), so the same file,
# size and time have the owner's. What is sent as this client's build is this, never the owner's word for it.
my $real = real($jar);
my @mine = defined $real ? stat $real : ();
full() unless @mine;
my @t = gmtime $mine[9];
my $identity = sprintf('(%s, %s bytes, %04d-%02d-%02dT%02d:%02d:%02dZ)', $real, $mine[7], $t[5] + 1900, $t[4] + 1,
        @t[3, 2, 1, 0]);
full() unless $owner{build} =~ /^(\S.*) \Q$identity\E$/s;
my $build = "$1 $identity";

# As SocketFiles.untrusted: a socket of this user, 0600. Anything else is the Java client's to refuse in words.
my @s = lstat $owner{socket};
full() unless @s && -S _ && $s[4] == $< && ($s[2] & 077) == 0;
my $sock;
socket($sock, $AF_UNIX, $SOCK_STREAM, 0) or full();
connect($sock, pack('S', $AF_UNIX) . $owner{socket} . "\0") or full(); # stale: whoever opens the store replaces it

$SIG{PIPE} = 'IGNORE';
binmode STDIN; binmode STDOUT; binmode STDERR; binmode $sock;

sub str { my ($s) = @_; return pack('N', length $s) . $s; }   # Perl strings here are the bytes argv and environ hold

# A request's payload (Wire.Request): the config, the working directory, argv, the environment, the flags of the
# three standard streams (1, 2, 4: a terminal), the terminal's width, and the build.
sub request {
    my ($flags, $columns) = @_;
    my $payload = str($config) . str(absolute('.')) . pack('N', scalar @args) . join('', map { str($_) } @args);
    # As Wire.flatEnv: the charset argv's strings name files in, UTF-8 here (only argv that is UTF-8 is served).
    my %sent = %ENV;
    $sent{POSTERN_CLIENT_FILE_NAMES} = 'UTF-8';
    my @env = %sent;
    return $payload . pack('N', scalar @env) . join('', map { str($_) } @env) . pack('NN', $flags, $columns)
            . str($build);
}

sub frame { my ($type, $bytes) = @_; return pack('CN', $type, length $bytes) . $bytes; }

my $EINTR = 4; # Linux's; a signal (SIGWINCH) during a read or write is not a failure

sub put {
    my ($fh, $bytes) = @_;
    my $off = 0;
    while ($off < length $bytes) {
        my $n = syswrite($fh, $bytes, length($bytes) - $off, $off);
        if (!defined $n) { next if $! == $EINTR; return 0; }
        $off += $n;
    }
    return 1;
}

# A command interrupted here (below, at "Ctrl-C"): the signal's number, and what is left of the wait for the owner's answer.
my ($cancelled, $budget) = (0, 0.15);

# Ends this process by the signal it was interrupted with, its default action back (so a shell's loop sees the
# Ctrl-C, and $? is 128 + the signal, as for the command run in its own process); 128 + the signal if it survives.
sub interrupted {
    my %name = (1 => 'HUP', 2 => 'INT', 15 => 'TERM');
    $SIG{$name{$cancelled}} = 'DEFAULT';
    kill $name{$cancelled}, $$;
    exit(128 + $cancelled);
}

sub take {
    my ($n) = @_;
    my $buf = '';
    while (length $buf < $n) {
        if ($cancelled) {
            # The owner was asked to stop the command: its answer is awaited for 150 ms in all, then we go.
            my $rin = '';
            vec($rin, fileno $sock, 1) = 1;
            my ($found, $left) = select(my $rout = $rin, undef, undef, $budget);
            $budget = $left if defined $left && $left >= 0;
            interrupted() if $found == 0 || $budget <= 0;
            next if $found < 0 && $! == $EINTR;
            interrupted() if $found < 0;
        }
        else { await_owner(); next if $cancelled; }
        my $r = sysread($sock, $buf, $n - length $buf, length $buf);
        next if !defined $r && $! == $EINTR;
        return undef if !defined $r || $r == 0;
    }
    return $buf;
}

# ---------------------------------------------------------------------------------------------------------------
# The reader, served (resident/ReaderClient.java, frame for frame): a READER request, then WINSIZE at once and on
# every SIGWINCH; the terminal in raw mode (Lanterna's own settings for the reader) with `stty -g`'s settings put
# back on every way out: the reader's EXIT (q, or Ctrl-C, which raw mode makes a byte the owner reads), the owner
# gone (its screen put away here, one sentence, 75), SIGTERM, SIGHUP or SIGINT to this process (128 + the signal,
# as a JVM's), a failure of this script (70). The bytes typed go as TTY_IN; OUT is the screen, ERR a sentence.
# RUN (Wire.RUN: an id, a file for input and one for output, the variables to unset, then argv) runs argv here, where the Java client
# would: at this terminal, cooked, its keys left to the program (the editor), or with its input and output in the
# two files (the reader's | pipe) while the screen goes on; either is answered with RAN (the id, the exit status,
# and why it could not start). HANDOVER (12: the owner stopped cleanly, put the reader's screen away and released
# the store) puts the terminal back and runs LAUNCHER's Java path with the same arguments, which serves the reader
# again or opens it in its own process (Wire.HANDOVER); a frame of any other type (a later version's) is not
# guessed at: the same, with the reader's screen put away here first. The message being written, whose file the
# editor's RUN names, is this client's to keep when the owner dies or hands over (keep_draft, below at own_end).

my @RAW = ('-echo', '-icanon', 'min', '1', 'intr', 'undef', 'quit', 'undef', '-ixon'); # ReaderClient.RAW
my $SCREEN_BACK = "\033[?2004l\033[0m\033[?25h\033[?1049l\r\n"; # pastes plain, colours reset, cursor shown, normal screen
my $WNOHANG = 1;
my ($saved, $restored, $at_terminal, $winch, $parent) = (undef, 0, 0, 0, $$);
my $draft;                      # the file of the message being written, run in the editor here (keep_draft)
my ($ending, $ending_left) = (0, 10.0); # a signal's exit code, and what is left of the wait for the owner's words

# stty on this terminal (its standard input), its error discarded; with CAPTURE, its output (undef if it failed).
sub stty {
    my ($capture, @words) = @_;
    my $pid = $capture ? open(my $from, '-|') : fork;
    return undef unless defined $pid;
    if (!$pid) {
        open(STDERR, '>', '/dev/null');
        open(STDOUT, '>', '/dev/null') unless $capture;
        exec { 'stty' } 'stty', @words;
        exit 127;
    }
    my $out = '';
    if ($capture) { local $/; $out = <$from> // ''; close $from; return $? == 0 ? $out : undef; }
    waitpid($pid, 0);
    return $? == 0 ? '' : undef;
}

# Puts the terminal back once: stty's settings, and before them, when the owner could not put its screen away
# (it died, or this process was stopped), the normal screen with a visible cursor.
sub restore {
    my ($screen_back) = @_;
    return if $restored || $$ != $parent;
    $restored = 1;
    put(\*STDOUT, $SCREEN_BACK) if $screen_back;
    stty(0, $saved);
    end_captured();
}

my %captured; # pid => the RUN's id, of programs running with their input and output in files

# A pipe's command still running here when the reader ends (q, Ctrl-C, SIGTERM, SIGHUP, the owner gone) ends with it,
# as ReaderClient's (model/ChildProcesses.Runs): SIGTERM to its process group, SIGKILL to what is left of it after
# half a second. Left running, it was orphaned to init for the rest of its life (hunt 32-V, C1).
sub end_captured {
    my @groups = keys %captured;
    return unless @groups;
    kill 'TERM', map { -$_ } @groups;
    for (1 .. 25) {
        waitpid($_, $WNOHANG) for @groups;  # the leaders, our children: reaped, so that a group with none left is gone
        last unless grep { kill 0, -$_ } @groups;
        select(undef, undef, undef, 0.02);
    }
    kill 'KILL', map { -$_ } grep { kill 0, -$_ } @groups;
    %captured = ();
}

# The Java path, with the same arguments and the terminal as it was (the launcher with POSTERN_CLIENT=none:
# its Java client asks the owner again, or, with none serving, the reader opens in that process).
sub java_path { restore(1); full(); }

sub stopped { my ($code) = @_; restore(1); exit $code; }

# SIGTERM, SIGHUP or SIGINT to this process (ReaderClient.ownEnd): with a message open on the reader's review screen,
# the owner keeps it once this client's input ends (the socket half-closed), and its sentence (where it is) is awaited
# for up to 10 s (the relay, with $ending; milliseconds unless the machine is loaded) and shown; otherwise, or at a second
# signal, this process ends at once.
sub own_end {
    my ($code) = @_;
    stopped($code) if $ending || $at_terminal || !(defined $draft && -f $draft);
    $ending = $code;
    shutdown($sock, 1);
}

# As resident/KeptDraft (hunt 32-V, B2, B3): when the reader ends otherwise than by the owner's EXIT (the owner killed,
# or handing the reader over while the editor had this terminal), the message's file the editor ran on, left in the
# owner's temporary directory, is moved to $XDG_STATE_HOME/postern/drafts/unsent-DATE-TIME.eml (0600 in a 0700
# directory) and named; one with nothing written in it (no header but From filled in, no body) is deleted instead.
sub written {
    my ($t) = @_;
    $t =~ s/\r\n/\n/g;
    my ($head, $body) = split /\n\n/, $t, 2;
    return 1 if defined $body && $body =~ /\S/;
    for my $line (split /\n/, $head // '') {
        next if $line !~ /\S/ || $line =~ /^From:/i;
        return 1 if $line !~ /:/ || $line =~ /:.*\S/;
    }
    return 0;
}
# The owner-only directory of a draft FILE gone from it (model/PrivateTemp.removeDirectoryOf), with what the editor
# left there (swap, backup files); a file in any other directory leaves it alone.
sub drop_draft_dir {
    my ($file) = @_;
    my ($dir) = $file =~ m{^(.+/postern-draft-[^/]*)/[^/]+$};
    return unless defined $dir && !-e $file && !-l $dir && -d $dir;
    if (opendir(my $dh, $dir)) {
        unlink map { "$dir/$_" } grep { $_ ne '.' && $_ ne '..' } readdir $dh;
        closedir $dh;
    }
    rmdir $dir;
}

sub keep_draft {
    my $file = $draft;
    undef $draft;
    return unless defined $file && -f $file;
    if (open(my $fh, '<', $file)) {
        local $/;
        my $text = <$fh> // '';
        close $fh;
        if (!written($text)) { unlink $file; drop_draft_dir($file); return; }
    }
    my $x = $ENV{XDG_STATE_HOME};
    my $dir = ((defined $x && $x =~ m{^/} && $x =~ /\S/) ? "$x/postern" : ($ENV{HOME} // (getpwuid($<))[7]) . '/.local/state/postern')
            . '/drafts';
    my $path = '';
    mkdir($path .= "/$_") for grep { $_ ne '' } split m{/}, $dir;
    chmod 0700, $dir;
    my @t = localtime;
    my $stamp = sprintf('%04d%02d%02d-%02d%02d%02d', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
    my ($kept, $out, $opened) = ("$dir/unsent-$stamp.eml");
    for (my $n = 2; ; $n++) {
        last if ($opened = sysopen($out, $kept, 0301, 0600)) || $! != 17; # O_WRONLY|O_CREAT|O_EXCL and EEXIST, Linux's
        $kept = "$dir/unsent-$stamp-$n.eml";
    }
    if ($opened) { # a copy, then the temporary file deleted: /tmp may be another file system
        my $bytes;
        if (open(my $in, '<', $file)) { binmode $in; local $/; $bytes = <$in> // ''; close $in; }
        if (defined $bytes && put($out, $bytes) && close($out)) { unlink $file; drop_draft_dir($file); $file = $kept; }
        else { close $out; unlink $kept; } # it stays whole where it is, and is named there
    }
    print STDERR "postern: the message you were writing was not sent; it is kept in $file.\n";
}

# Ctrl-Z (SIGTSTP from the terminal driver; ReaderClient.stopped): the normal screen and the terminal's own settings
# for the shell, this process stopped, and on `fg` raw mode, the reader's screen, and the size sent (at the relay's
# next turn) so that the owner redraws every cell. While a program run here has the terminal (an editor), it handles
# its own Ctrl-Z and this process just stops beside it. SIGSTOP, not SIGTSTP again: perl blocks a signal while its
# handler runs, so a SIGTSTP sent here would wait for the handler's end.
sub suspend {
    if ($at_terminal || $restored) { kill 'STOP', $$; return; }
    put(\*STDOUT, $SCREEN_BACK);
    stty(0, $saved);
    kill 'STOP', $$;
    stty(0, @RAW);
    put(\*STDOUT, "\033[?1049h\033[?25l\033[?2004h"); # the alternate screen, cursor hidden, pastes bracketed: the owner's
    $winch = 1;
}

# {columns, rows} of this terminal; 80x24 when it cannot be told (ReaderClient.size).
sub size {
    my $ws = "\0" x 8;
    if (ioctl(STDIN, 0x5413, $ws)) { # TIOCGWINSZ
        my ($rows, $cols) = unpack('S2', $ws);
        return ($cols, $rows) if $rows > 0 && $cols > 0;
    }
    my $s = stty(1, 'size');
    return ($2, $1) if defined $s && $s =~ /^\s*(\d+)\s+(\d+)\s*$/ && $1 > 0 && $2 > 0;
    return (80, 24);
}

sub strings {
    my ($p) = @_;
    return () if length $p < 4;
    my $n = unpack('N', $p);
    my ($at, @words) = (4);
    for (1 .. $n) {
        return () if $at + 4 > length $p;
        my $len = unpack('N', substr($p, $at, 4));
        return () if $at + 4 + $len > length $p;
        push @words, substr($p, $at + 4, $len);
        $at += 4 + $len;
    }
    return @words;
}

# Starts ARGV (PATH searched, no shell) with the given input and output files (undef: this process's), signals
# as they were before this script, without the variables named in UNSET ('='-joined: the config's password_env,
# kept from programs run on mail); returns its pid, or (undef, why) when it could not start: a close-on-exec pipe
# says whether the exec happened. With input or output in files (a pipe's command, off the terminal) it leads a
# process group of its own, which end_captured ends with the reader.
sub spawn {
    my ($argv, $input, $output, $unset) = @_;
    pipe(my $r, my $w) or return (undef, "$!");
    my $pid = fork;
    return (undef, "$!") unless defined $pid;
    if (!$pid) {
        close $r;
        setpgrp(0, 0) if defined $input || defined $output;
        $SIG{$_} = 'DEFAULT' for qw(INT TERM HUP QUIT WINCH PIPE CHLD TSTP);
        delete $ENV{$_} for grep { $_ ne '' } split /=/, $unset // '';
        my $why;
        if (defined $input && !open(STDIN, '<', $input)) { $why = "$input ($!)"; }
        elsif (defined $output && !(open(STDOUT, '>', $output) && open(STDERR, '>&', \*STDOUT))) { $why = "$output ($!)"; }
        else {
            { no warnings 'exec'; exec { $argv->[0] } @$argv; }
            $why = "Cannot run program \"$argv->[0]\": error=" . ($! + 0) . ", $!";
        }
        syswrite($w, $why);
        exit 127;
    }
    close $w;
    my $why = '';
    while (1) {
        my $n = sysread($r, $why, 4096, length $why);
        next if !defined $n && $! == $EINTR;
        last unless $n;
    }
    close $r;
    return ($pid) if $why eq '';
    waitpid($pid, 0);
    return (undef, $why);
}

sub status { my ($w) = @_; return ($w & 127) ? 128 + ($w & 127) : ($w >> 8); } # as Java's Process.exitValue

sub ran {
    my ($id, $status, $why) = @_;
    put($sock, frame(11, pack('NN', $id & 0xffffffff, $status & 0xffffffff) . str($why))); # a failure: the reading sees it
}

sub run_frame {
    my @w = strings($_[0]);
    return if @w < 5 || $w[0] !~ /^[+-]?\d{1,10}$/ || $w[0] > 2147483647 || $w[0] < -2147483648;
    my ($id, $input, $output, $unset, @argv) = @w;
    if ($input ne '' || $output ne '') {
        my ($pid, $why) = spawn(\@argv, $input eq '' ? undef : $input, $output eq '' ? undef : $output, $unset);
        if (defined $pid) { $captured{$pid} = $id; } else { ran($id, -1, $why); }
        return;
    }
    $draft = $argv[4] if @argv == 5 && $argv[0] eq '/bin/sh' && $argv[1] eq '-c' && $argv[3] eq 'postern-editor'
            && $argv[4] =~ m{^/}; # the editor on the message being written (KeptDraft)
    stty(0, $saved);
    $at_terminal = 1;
    my ($pid, $why) = spawn(\@argv, undef, undef, $unset);
    my $status = -1;
    if (defined $pid) {
        waitpid($pid, 0);
        $status = status($?);
        $why = '';
    }
    $at_terminal = 0;
    stty(0, @RAW);
    size_frame() if $winch;
    ran($id, $status, $why);
}

sub size_frame { $winch = 0; put($sock, frame(8, pack('NN', size()))); }

# As resident/ClientSilence (hunt 27, F20): an owner that is stopped (Ctrl-Z, SIGSTOP) accepts in the kernel and
# never answers. Before its first frame (a running owner sends ACCEPTED, 15, as soon as it has read the request):
# 1 s of its process seen stopped (state T in /proc/PID/stat), or 5 s of silence from an owner not shown alive, and this
# client says so and exits 75 (never running the command elsewhere: the stopped owner holds the store). An owner whose
# process is seen running (a long GC, a loaded machine) is busy, not gone: 30 s, then it is said to run but not answer
# (fix42-M, item 4). Once answered, silence is the
# command's own, and only 10 s of the owner seen stopped in a row gives up (the owner cancels the command when it
# resumes and finds this client gone).
my ($heard, $silent, $stopped_for) = (0, 0, 0);
sub owner_state {
    open(my $fh, '<', "/proc/$owner{pid}/stat") or return '';
    my $stat = <$fh> // '';
    close $fh;
    return $stat =~ /.*\)\s+(\S)\s/s ? $1 : ''; # the state follows the last ')'
}
sub owner_stopped { return owner_state() =~ /^[Tt]$/ ? 1 : 0; }
# As SocketFiles.running: there, and neither stopped nor a zombie.
sub owner_running { my $s = owner_state(); return $s ne '' && $s !~ /^[TtZXx]$/ ? 1 : 0; }
# As ClientSilence.sends: a command that sends mail, which run again could send a message twice (hunt 36-K, K1).
sub sends {
    return 0 unless defined $named;
    return 1 if $named =~ /^(?:send|reply|forward|bounce|recall)$/;
    return 0 unless $named eq 'outbox';
    for my $a (@args) { last if $a eq '--'; return 1 if $a =~ /^--(?:flush$|retry(?:=|$))/; }
    return 0;
}
# As ClientSilence.readsText: a command line that reads its message's text from stdin (its rest is kept, below).
sub reads_text {
    return 0 unless defined $named && $named =~ /^(?:send|reply|forward)$/;
    for my $a (@args) { last if $a eq '--'; return 0 if $a =~ /^--(?:flush|edit)$/ || $a =~ /^--(?:body-)?file(?:=|$)/; }
    return 1;
}
sub drafts_dir {
    my $x = $ENV{XDG_STATE_HOME};
    return ((defined $x && $x =~ m{^/} && $x =~ /\S/) ? $x : "$home/.local/state") . '/postern/drafts';
}
# What such a command's client says once its owner was lost (ClientSilence.checkFirst), exit 69: not 75, which cron
# retries. KEPT: what keep_given said of the text the command was given.
sub check_first {
    my ($still_runs, $kept) = @_;
    my $drafts = drafts_dir();
    return ': the message may have gone out' . ($still_runs ? ', or may still go out when it resumes' : '')
            . ", so running the command again may send it twice.$kept Before sending it again, look at `postern outbox`"
            . " (an entry marked MAY HAVE BEEN SENT may have gone out) and at $drafts (a draft kept there as unsent-*.eml was not sent).";
}

# As resident/ClientStdin (hunt 36-K: a send whose owner was killed before it had kept the text left it nowhere): the
# bytes of stdin given to the owner for a command that sends mail, held in memory up to 1 MiB, beyond that in an unlinked
# file of the drafts directory (nothing left by a normal end, nor by this process killed), up to 256 MiB. When the owner
# is lost before the command ended, keep_given writes them, with the rest of a stdin that is no terminal when the command
# line reads its text there (reads_text), to drafts/perhaps-sent-DATE-TIME.eml (0600, created O_EXCL: never through a link).
my ($MEMORY, $MOST) = (1 << 20, 256 << 20);
my ($held, $given, $over, $spool, $given_failed) = ('', 0, 0);
# The drafts directory, made owner-only if missing; (undef, why) when it is a link or not this user's.
sub own_drafts {
    my $dir = drafts_dir();
    my $path = '';
    mkdir($path .= "/$_", 0700) for grep { $_ ne '' } split m{/}, $dir;
    my @s = lstat $dir;
    return (undef, "cannot make $dir") unless @s;
    return (undef, "$dir is a symbolic link") if -l _;
    return (undef, "$dir is not a directory") unless -d _;
    return (undef, "$dir belongs to another user") if $s[4] != $<;
    chmod 0700, $dir;
    return ($dir);
}
sub relayed {
    my ($bytes) = @_;
    return if $over || !sends() || $bytes eq '';
    if ($given + length $bytes > $MOST) { $bytes = substr($bytes, 0, $MOST - $given); $over = 1; }
    $given += length $bytes;
    return if defined $given_failed;
    if (!defined $spool && length($held) + length($bytes) <= $MEMORY) { $held .= $bytes; return; }
    if (!defined $spool) {
        my ($dir, $why) = own_drafts();
        for (my $n = 1; defined $dir; $n++) {
            my $p = "$dir/relaying-$$-$n";
            if (sysopen($spool, $p, 0302, 0600)) { unlink $p; last; } # O_RDWR|O_CREAT|O_EXCL
            undef $spool;
            if ($! != 17) { $why = "$!"; last; }
        }
        if (!defined $spool) { $given_failed = $why; $held = ''; return; }
        $bytes = $held . $bytes;
        $held = '';
    }
    if (!put($spool, $bytes)) { $given_failed = "$!"; close $spool; undef $spool; }
}
# Keeps what the command was given (above); returns what this client says of it, or '' when it was given nothing.
sub keep_given {
    if (reads_text() && !-t STDIN) {
        while (!$over) {
            interrupted() if $cancelled;
            my $in = '';
            my $n = sysread(STDIN, $in, 65536);
            next if !defined $n && $! == $EINTR;
            last unless $n;
            relayed($in);
        }
    }
    return '' if $given == 0;
    my $why = $given_failed;
    if (!defined $why) {
        my ($dir, $target, $out);
        ($dir, $why) = own_drafts();
        if (defined $dir) {
            my @t = localtime;
            my $stamp = sprintf('%04d%02d%02d-%02d%02d%02d', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
            for (my $n = 1; ; $n++) {
                $target = "$dir/perhaps-sent-$stamp" . ($n == 1 ? '' : "-$n") . '.eml';
                last if sysopen($out, $target, 0301, 0600); # O_WRONLY|O_CREAT|O_EXCL
                if ($! != 17) { $why = "$!"; undef $target; last; }
            }
        }
        if (defined $target) {
            chmod 0600, $target; # whatever the umask
            my $ok = 1;
            if (defined $spool) {
                $ok = sysseek($spool, 0, 0);
                while ($ok) {
                    my $buf = '';
                    my $r = sysread($spool, $buf, 65536);
                    next if !defined $r && $! == $EINTR;
                    $ok = 0 unless defined $r;
                    last unless $r;
                    $ok = put($out, $buf);
                }
            }
            else { $ok = put($out, $held); }
            $why = "$!" unless $ok;
            if (!close($out) && $ok) { $ok = 0; $why = "$!"; }
            if ($ok) {
                return ($over ? ' The first 256 MiB of the text given to it on standard input (the rest was not kept) is kept in '
                        : ' The text given to it on standard input is kept in ') . "$target; it may or may not have gone out.";
            }
            unlink $target; # no half copy
        }
    }
    return " The text given to it on standard input could not be kept ($why).";
}
sub not_answering {
    my ($midway) = @_;
    restore(1) if defined $saved;
    my $pid = $owner{pid};
    my $what = !$midway ? 'is not answering' : defined $named ? 'stopped answering while it ran this command' : 'stopped answering';
    if (!$midway && owner_running()) {
        print STDERR "postern: the postern that owns $owner{data_dir} (pid $pid) has not answered in 30 s, though its process"
            . " runs (busy, or wedged); try again later, or stop it (kill $pid).\n";
        exit 75;
    }
    my $kept = $midway && sends() ? keep_given() : ''; # the text the command was given, before the sentence that names it
    print STDERR "postern: the postern that owns $owner{data_dir} (pid $pid) $what"
            . " (stopped? suspended with Ctrl-Z?); resume it with fg or kill -CONT $pid, or stop it"
            . (!$midway ? '.' : !defined $named ? '; this reader was ended here.' : sends() ? '; this command was given up here' . check_first(1, $kept)
               : '; this command was given up here and is cancelled there when it resumes (part of it may have been done).')
            . "\n";
    exit($midway && sends() ? 69 : 75);
}
# One 0.2 s of silence from the owner counted (the reader's relay), or (with no argument) the wait until the socket
# is readable, a signal, or giving up as above.
sub silence_tick {
    $silent += 0.2;
    $stopped_for = owner_stopped() ? $stopped_for + 0.2 : 0;
    not_answering(0) if !$heard && ($stopped_for >= 1 || $silent >= (owner_running() ? 30 : 5));
    not_answering(1) if $heard && $stopped_for >= 10;
}
sub await_owner {
    while (!$cancelled) {
        my $rin = '';
        vec($rin, fileno $sock, 1) = 1;
        my $n = select(my $rout = $rin, undef, undef, 0.2);
        return if $n > 0 || ($n < 0 && $! != $EINTR);
        silence_tick() if $n == 0;
    }
}

sub reader {
    $saved = stty(1, '-g');
    full() unless defined $saved && $saved =~ /\S/; # no stty: the reader opens in the Java path and says what it can
    $saved =~ s/^\s+|\s+$//g;
    my ($cols, $rows) = size();
    put($sock, "PSTN\x01" . frame(7, request(1 | 2 | (-t STDERR ? 4 : 0), $cols)) . frame(8, pack('NN', $cols, $rows)))
        or full(); # the owner went before taking the request
    $SIG{TERM} = sub { own_end(143) };
    $SIG{HUP} = sub { own_end(129) };
    $SIG{INT} = sub { own_end(130) unless $at_terminal }; # at the terminal, Ctrl-C is the program's
    $SIG{WINCH} = sub { $winch = 1 };
    $SIG{TSTP} = \&suspend;
    $SIG{QUIT} = 'IGNORE';                                # as a JVM, which only prints its threads
    $SIG{CHLD} = sub { };                                  # wakes the select below when a piped program ends
    my $answered = 0;
    my $code = eval { relay(\$answered) };
    if (!defined $code) {
        my $why = $@;
        $why =~ s/\s+$//;
        restore(1);
        print STDERR "postern: the reader could not reach the postern that owns the mail ($why); run it again.\n";
        exit 70;
    }
    if ($ending) { restore($code < 0 ? 1 : 0); exit $ending; } # ended by a signal here (own_end)
    if ($code >= 0) { restore(0); exit $code; } # the owner put its screen away
    java_path() if !$answered;                   # an owner that serves no reader: the Java path says or opens it
    restore(1);
    print STDERR "postern: the postern that owns $owner{data_dir} stopped, and this reader, which it served, ended with it; start postern again.\n";
    keep_draft(); # nobody else will: the owner kept it in its temporary directory
    exit 75;
}

# The relay until the owner's EXIT (its code) or its end (-1); ${$answered} once a whole frame came.
sub relay {
    my ($answered) = @_;
    stty(0, @RAW);
    my ($buf, $keys, $sockfd) = ('', 1, fileno $sock);
    while (1) {
        size_frame() if $winch;
        for my $pid (keys %captured) {
            next unless waitpid($pid, $WNOHANG) == $pid;
            ran(delete $captured{$pid}, status($?), '');
        }
        my $rin = '';
        vec($rin, $sockfd, 1) = 1;
        vec($rin, 0, 1) = 1 if $keys && !$ending;
        # The time left counts only from a select made while ending: the one the signal cut short was a 0.2 s poll,
        # whose remainder cut the owner's 10 s to a tenth of a second on a busy machine (ServedEditorOwnerGoneIT).
        my $waited = $ending;
        my ($n, $left) = select(my $rout = $rin, undef, undef, $ending ? $ending_left : %captured ? 0.05 : 0.2);
        if ($ending && $waited) { $ending_left = $left if defined $left && $left >= 0; return -1 if $n == 0 || $ending_left <= 0; }
        elsif ($ending && $n <= 0) { next; } # the signal's own wake-up: now wait for the owner's words
        if ($n < 0) { next if $! == $EINTR; die "select: $!\n"; }
        if ($n == 0) { silence_tick() unless %captured; next; }
        if (vec($rout, 0, 1)) {
            my $typed = '';
            my $got = sysread(STDIN, $typed, 4096);
            if ($got) { put($sock, frame(9, $typed)); }         # a failure: the owner's end shows below
            elsif (defined $got || $! != $EINTR) { $keys = 0; } # the terminal gone: SIGHUP follows
        }
        next unless vec($rout, $sockfd, 1);
        my $got = sysread($sock, $buf, 65536, length $buf);
        next if !defined $got && $! == $EINTR;
        return -1 unless $got;
        while (length $buf >= 5) {
            my ($type, $len) = unpack('CN', $buf);
            return -1 if $len > (16 << 20);
            last if length $buf < 5 + $len;
            my $body = substr($buf, 5, $len);
            substr($buf, 0, 5 + $len) = '';
            ${$answered} = 1;
            $heard = 1;
            if ($type == 2) { put(\*STDOUT, $body) or return -1; }
            elsif ($type == 3) { put(\*STDERR, $body); }
            elsif ($type == 6) { return length $body == 4 ? unpack('N', $body) & 0xff : 255; }
            elsif ($type == 10) { run_frame($body); }
            elsif ($type == 12) { # HANDOVER: the owner put its screen away and released the store
                restore(0); keep_draft();
                $ENV{POSTERN_HANDED_OVER} = unpack('H*', $body) if length $body; # where it was: the reader opens there (ReaderClient)
                full();
            }
            elsif ($type == 15) { } # ACCEPTED: the owner runs (above, at ClientSilence)
            else { java_path(); } # not this client's to guess: a later version's frame
        }
    }
}

reader() if !defined $named;

# A sync or fetch --json whose owner died (as resident/ClientJson; hunt 39-Y, Y3): each account the command line names
# (-a, fetch's ACCOUNT words) whose object the owner did not send gets one (ok false, exit 75, the sentence); with none
# named, one object with "account":null stands for the accounts without an object of their own.
my ($json_sync, @json_accounts, %json_reported, $json_line);
if (defined $named && ($named eq 'sync' || $named eq 'fetch')) {
    my ($json, $after) = (0, 0);
    my @named;
    for (my $i = 0; $i < @args; $i++) {
        my $a = $args[$i];
        if ($a eq '--') { push @named, @args[$i + 1 .. $#args] if $named eq 'fetch'; last; }
        if ($a eq '--json') { $json = 1; }
        elsif (($a eq '-a' || $a eq '--account') && $i + 1 < @args) { push @named, split /,/, $args[++$i]; }
        elsif ($a =~ /^--account=(.*)$/s) { push @named, split /,/, $1; }
        elsif ($a =~ /^-a(.+)$/s) { push @named, split /,/, $1; }
        elsif ($a eq '--config' || $a eq '-f' || $a eq '--folder') { $i++; }
        elsif ($a =~ /^-/) { next; }
        elsif (!$after && $a eq $named) { $after = 1; }
        elsif ($after && $named eq 'fetch') { push @named, $a; }
    }
    if ($json) {
        $json_sync = $named eq 'sync' ? 1 : 0;
        my %seen;
        for (@named) { s/^\s+|\s+$//g; push @json_accounts, $_ if length && !$seen{$_}++; }
        $json_line = '';
    }
}
# As model/JsonWriter writes a string.
sub json_quoted {
    my $s = shift;
    $s =~ s/(["\\])/\\$1/g;
    $s =~ s/\n/\\n/g; $s =~ s/\r/\\r/g; $s =~ s/\t/\\t/g;
    $s =~ s/([\x00-\x1f\x7f])/sprintf('\\u%04x', ord $1)/ge;
    return "\"$s\"";
}
sub json_relayed {
    return unless defined $json_line;
    $json_line .= shift;
    while ($json_line =~ s/^([^\n]*)\n//) {
        my $line = $1;
        for my $a (@json_accounts) {
            my $head = '{"account":' . json_quoted($a) . ($json_sync ? ',"ok":' : ',"protocol":');
            $json_reported{$a} = 1 if index($line, $head) == 0;
        }
    }
    $json_line = substr($json_line, -4096) if length $json_line > 4096;
}
sub json_unreported {
    my $sentence = json_quoted(shift);
    my $out = '';
    for my $a (@json_accounts ? (grep { !$json_reported{$_} } @json_accounts) : (undef)) {
        $out .= '{"account":' . (defined $a ? json_quoted($a) : 'null') . ($json_sync ? '' : ',"protocol":null') . ',"ok":false'
            . ($json_sync ? ',"left_out":[]' : ',"new":0,"header_only":0,"bodies":0,"skipped":0,"deleted":0,"delete_refused":0,"bytes":0')
            . ",\"error\":$sentence" . ($json_sync ? '' : ',"message_errors":[]') . ",\"exit\":75}\n";
    }
    return $out;
}

# A command: its output, error and exit code are the owner's.
sub gone {
    interrupted() if $cancelled; # interrupted here: the owner hung up as it stopped the command
    if ($heard && sends()) {
        my $kept = keep_given(); # the text the command was given, before the sentence that names it
        print STDERR "postern: the postern that owns $owner{data_dir} stopped while it ran this command, which sends mail" . check_first(0, $kept) . "\n";
        exit 69;
    }
    my $sentence = "the postern that owns $owner{data_dir} stopped before the command finished (part of it may have been done); run it again.";
    print STDERR "postern: $sentence\n";
    put(\*STDOUT, json_unreported($sentence)) if defined $json_line; # a stdout that failed: the sentence above said it
    exit 75;
}

my $columns = 0;
if (-t STDOUT) {
    $columns = $ENV{COLUMNS} if defined $ENV{COLUMNS} && $ENV{COLUMNS} =~ /^\s*(\d+)\s*$/ && $1 > 0;
    if (!$columns) {
        my $ws = "\0" x 8;
        $columns = (unpack('S4', $ws))[1] if ioctl(STDOUT, 0x5413, $ws); # TIOCGWINSZ
        $columns ||= 80;
    }
    $columns += 0;
}
my $written = put($sock, "PSTN\x01" . frame(1, request((-t STDIN ? 1 : 0) | (-t STDOUT ? 2 : 0) | (-t STDERR ? 4 : 0), $columns)));
# Ctrl-C, SIGTERM or SIGHUP while the owner runs the command (as resident/Client.Interrupt): the owner is asked to stop
# it (CANCEL, type 14, the signal's number), what it says meanwhile is relayed, and this process ends by that signal
# (interrupted above) once the owner has answered or after 150 ms (take above); a second signal ends it at once. A signal
# this process was started ignoring (a job put in the background by a script) stays ignored.
my %SIGNAL = (INT => 2, TERM => 15, HUP => 1);
for my $name (keys %SIGNAL) {
    next if defined $SIG{$name} && $SIG{$name} eq 'IGNORE';
    $SIG{$name} = sub {
        interrupted() if $cancelled;
        $cancelled = $SIGNAL{$name};
        put($sock, frame(14, pack('N', $cancelled)));
    };
}
my $err_ok = 1;  # our error output gone: the rest of it is dropped
my $EPIPE = 32; # Linux's
# Our own output failing ends this client as it ends the command run in process (cli/CommandErrors, resident/Client):
# a reader gone (| head -1: EPIPE, or any failure on a pipe or socket) quietly with 141, anything else (a full disk)
# with one sentence and 74. Exiting closes the socket: the owner stops the command as for a client killed. Once the
# owner said what the command did (DONE, type 16: sent, moved, deleted), the failure is said with that, the rest of the
# output dropped, and the command's own exit code stands (resident/ClientStdout): a retried send would go twice.
my ($done, $out_dropped);
sub out_failed {
    my ($errno, $why) = ($! + 0, "$!");
    if (defined $done) {
        print STDERR "postern: $done; could not print that: cannot write to standard output ($why).\n";
        $out_dropped = 1;
        return;
    }
    exit 141 if $errno == $EPIPE || -p STDOUT || -S STDOUT;
    print STDERR "postern: cannot write to standard output ($why).\n";
    exit 74;
}
my $answered = 0;
while (1) {
    my $head = take(5);
    if (!defined $head) {
        # Not a frame, not even ACCEPTED, which an owner sends as soon as it has read the request: nothing was taken, as
        # when the socket closed with this client still in its backlog (a `daemon stop` at that moment; hunt 37-J, J4). The
        # Java path runs it, once the store is released, as it runs a command told NOT_TAKEN.
        if (!$answered) { interrupted() if $cancelled; full(); }
        gone();
    }
    $answered = $heard = 1;
    my ($type, $len) = unpack('CN', $head);
    gone() if $len > (16 << 20);
    my $body = $len ? take($len) : '';
    gone() unless defined $body;
    if ($type == 2) { $out_dropped or (put(\*STDOUT, $body) and (json_relayed($body), 1)) or out_failed(); }
    elsif ($type == 16) { $done = $body; }
    elsif ($type == 3) { $err_ok = put(\*STDERR, $body) if $err_ok; }
    elsif ($type == 4) {
        my $want = unpack('N', $body);
        $want = 1 if $want < 1;
        $want = 65536 if $want > 65536;
        my $in = '';
        my $n = sysread(STDIN, $in, $want);
        $in = '' unless $n;
        relayed($in); # kept, should the owner be lost before the command ends (keep_given)
        put($sock, frame(5, $in)) or gone();
    }
    elsif ($type == 6) { interrupted() if $cancelled; exit(unpack('N', $body) & 0xff); } # interrupted: never success
    elsif ($type == 13) { interrupted() if $cancelled; full(); } # NOT_TAKEN: the owner was stopping and released the store; run it in Java
    # a frame of a later version: not for us
}
