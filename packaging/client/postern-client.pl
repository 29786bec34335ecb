#!/usr/bin/perl
# postern-client.pl LAUNCHER JAR ARGS...
#
# The launchers' fastest client of a resident owner (`postern daemon`, the reader, `postern shell`), in the
# Perl every Debian system has (perl-base is Essential). It speaks the owner's protocol (resident/Wire.java:
# a hello, one REQUEST frame, then OUT/ERR/STDIN_WANTED/EXIT frames) exactly as resident/Client.java does,
# and starts in a few milliseconds where the lightest JVM takes ~100: a command sent to a warm owner then costs
# what the owner does (bench/RESIDENT.md).
#
# It never decides anything the Java client would decide differently. It serves a command only when an owner's
# file in the owners' directory (resident/OwnerMarker) names the same config file this command line reads and a
# jar that is this launcher's JAR (same file, size and time: the same build); in every other case (no such
# owner, a stale socket, the reader, `demo`, an interactive `shell`, help) it execs LAUNCHER with
# POSTERN_CLIENT=none, which runs the Java client and, failing an owner, the command itself. Once the request
# is sent, the owner's output, error and exit code are this process's.
use strict;
use warnings;
# No modules beyond these two: loading Socket or IO::Socket::UNIX costs more CPU than the rest of this script
# (13 and 30 ms here). Linux's values stand in for them: AF_UNIX and SOCK_STREAM are 1, and a sockaddr_un is the
# family as a native unsigned short followed by the path and its NUL.
my ($AF_UNIX, $SOCK_STREAM) = (1, 1);

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
    my $base = (defined $x && $x =~ m{^/} && $x =~ /\S/) ? $x : ($ENV{HOME} // (getpwuid($<))[7]) . '/.config';
    return normal("$base/postern/config.toml");
}

my $named = subcommand();
full() if !defined $named;                       # the reader (or help): its own JVM
for my $a (@args) { last if $a eq '--'; full() if $a =~ /^(-h|--help|-V|--version)$/; }
full() if $named eq 'demo' || ($named eq 'shell' && -t STDIN);

# The owner that serves this config, from the files owners leave (resident/OwnerMarker).
my $dir = ($ENV{XDG_RUNTIME_DIR} // '') ne '' ? $ENV{XDG_RUNTIME_DIR}
        : ($ENV{XDG_CACHE_HOME} // '') ne '' ? $ENV{XDG_CACHE_HOME}
        : ($ENV{HOME} // '') ne '' ? "$ENV{HOME}/.cache" : full();
my $config = config_path();
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
        if (defined $m{config} && $m{config} eq $config) { %owner = %m; last; }
    }
    closedir $dh;
}
full() unless %owner && defined $owner{socket} && defined $owner{jar} && defined $owner{build};

# The same build: the owner's jar is this launcher's (same file, size and modification time).
my @mine = stat $jar;
my @theirs = stat $owner{jar};
full() unless @mine && @theirs && $mine[0] == $theirs[0] && $mine[1] == $theirs[1] && $mine[7] == $theirs[7]
        && $mine[9] == $theirs[9];

# As SocketFiles.untrusted: a socket of this user, 0600. Anything else is the Java client's to refuse in words.
my @s = lstat $owner{socket};
full() unless @s && -S _ && $s[4] == $< && ($s[2] & 077) == 0;
my $sock;
socket($sock, $AF_UNIX, $SOCK_STREAM, 0) or full();
connect($sock, pack('S', $AF_UNIX) . $owner{socket} . "\0") or full(); # stale: whoever opens the store replaces it

$SIG{PIPE} = 'IGNORE';
binmode STDIN; binmode STDOUT; binmode STDERR; binmode $sock;

sub str { my ($s) = @_; return pack('N', length $s) . $s; }   # Perl strings here are the bytes argv and environ hold

my $flags = (-t STDIN ? 1 : 0) | (-t STDOUT ? 2 : 0) | (-t STDERR ? 4 : 0);
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
my $cwd = absolute('.');
my $payload = str($config) . str($cwd) . pack('N', scalar @args) . join('', map { str($_) } @args);
my @env = %ENV;
$payload .= pack('N', scalar @env) . join('', map { str($_) } @env) . pack('NN', $flags, $columns) . str($owner{build});

sub frame { my ($type, $bytes) = @_; return pack('CN', $type, length $bytes) . $bytes; }

sub put {
    my ($fh, $bytes) = @_;
    my $off = 0;
    while ($off < length $bytes) {
        my $n = syswrite($fh, $bytes, length($bytes) - $off, $off);
        return 0 unless defined $n;
        $off += $n;
    }
    return 1;
}

sub take {
    my ($n) = @_;
    my $buf = '';
    while (length $buf < $n) {
        my $r = sysread($sock, $buf, $n - length $buf, length $buf);
        return undef if !defined $r || $r == 0;
    }
    return $buf;
}

sub gone {
    print STDERR "postern: the postern that owns $owner{data_dir} stopped before the command finished (part of it may have been done); run it again.\n";
    exit 75;
}

my $written = put($sock, "PSTN\x01" . frame(1, $payload));
my ($out_ok, $err_ok) = (1, 1);  # a reader of our output that went away (| head): keep draining, as in-process
my $answered = 0;
while (1) {
    my $head = take(5);
    if (!defined $head) {
        full() if !$answered && !$written;
        gone();
    }
    $answered = 1;
    my ($type, $len) = unpack('CN', $head);
    gone() if $len > (16 << 20);
    my $body = $len ? take($len) : '';
    gone() unless defined $body;
    if ($type == 2) { $out_ok = put(\*STDOUT, $body) if $out_ok; }
    elsif ($type == 3) { $err_ok = put(\*STDERR, $body) if $err_ok; }
    elsif ($type == 4) {
        my $want = unpack('N', $body);
        $want = 1 if $want < 1;
        $want = 65536 if $want > 65536;
        my $in = '';
        my $n = sysread(STDIN, $in, $want);
        $in = '' unless $n;
        put($sock, frame(5, $in)) or gone();
    }
    elsif ($type == 6) { exit(unpack('N', $body) & 0xff); }
    # a frame of a later version: not for us
}
