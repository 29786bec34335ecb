package dev.postern.config.toml;

import java.util.List;

/** TOML documents for the differential test: valid ones cover every feature of TOML 1.0, invalid ones each break one rule. */
final class TomlCorpus {
    private TomlCorpus() {
    }

    record Doc(String name, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Doc> VALID = List.of(
            new Doc("empty", ""),
            new Doc("only comments and blank lines", "# a comment\n\n   # indented\n\t\n"),
            new Doc("postern config", """
                    # postern
                    data_dir = "~/mail"
                    unified_inbox = ["home", "work"]

                    [accounts.home]
                    protocol = "imap"
                    host = "imap.example.org"
                    user = "alice"
                    password_command = "pass show mail/home"
                    """),
            new Doc("bare keys", "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\nA-z_0 = 5\n"),
            new Doc("keys that look like other things", "true = 1\nfalse = 2\ninf = 3\nnan = 4\n-1 = 5\n"),
            new Doc("quoted keys", "\"127.0.0.1\" = \"v\"\n\"character encoding\" = \"v\"\n\"ʎǝʞ\" = \"v\"\n'key2' = \"v\"\n'quoted \"value\"' = \"v\"\n"),
            new Doc("empty quoted keys", "\"\" = \"blank\"\n"),
            new Doc("escapes in quoted keys", "\"a\\tb\" = 1\n\"\\u00e9\" = 2\n"),
            new Doc("dotted keys", "name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true\n"),
            new Doc("whitespace around dots", "fruit.name = \"banana\"\nfruit. color = \"yellow\"\nfruit . flavor = \"banana\"\n"),
            new Doc("number-like dotted key", "3.14159 = \"pi\"\n"),
            new Doc("dotted keys then subtable header", "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple.texture]\nsmooth = true\n"),
            new Doc("dotted keys across top level", "apple.type = \"fruit\"\norange.type = \"fruit\"\napple.skin = \"thin\"\norange.skin = \"thick\"\n"),
            new Doc("basic strings and escapes", "str = \"I'm a string. \\\"You can quote me\\\". Name\\tJos\\u00E9\\nLocation\\tSF.\"\n"
                    + "all = \"\\b\\t\\n\\f\\r\\\"\\\\\"\nbig = \"\\U0001F600 and \\U0010FFFF\"\nzero = \"\\u0000\"\n"),
            new Doc("tab inside strings", "a = \"x\ty\"\nb = 'x\ty'\n"),
            new Doc("unicode text", "a = \"日本語 ✓ 😀\"\nb = '€'\n"),
            new Doc("literal strings", "winpath = 'C:\\Users\\nodejs\\templates'\nwinpath2 = '\\\\ServerX\\admin$\\system32\\'\nquoted = 'Tom \"Dubs\" Preston-Werner'\nregex = '<\\i\\c*\\s*>'\n"),
            new Doc("multi-line basic string", "str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"),
            new Doc("multi-line basic, line-ending backslash", "str2 = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"\n"
                    + "str3 = \"\"\"\\\n       The quick brown \\\n       fox jumps over \\   \n       the lazy dog.\\\n       \"\"\"\n"),
            new Doc("multi-line basic, quotes next to the delimiter", "str4 = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\n"
                    + "str5 = \"\"\"Here are three quotation marks: \"\"\\\".\"\"\"\nstr7 = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\"\n"
                    + "one = \"\"\"\"x\"\"\"\"\n"),
            new Doc("multi-line basic with escapes", "s = \"\"\"a\\tb\\n\\u00e9\\\"\"\"\"\n"),
            new Doc("multi-line literal string", "regex2 = '''I [dw]on't need \\d{2} apples'''\nlines  = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n"),
            new Doc("multi-line literal, quotes next to the delimiter", "quot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\n"
                    + "apos15 = \"Here are fifteen apostrophes: '''''''''''''''\"\nstr = ''''That,' she said, 'is still pointless.''''\n"),
            new Doc("empty strings", "a = \"\"\nb = ''\nc = \"\"\"\"\"\"\nd = ''''''\n"),
            new Doc("integers", "int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nint6 = 5_349_221\nint7 = 53_49_221\nint8 = 1_2_3_4_5\nz1 = +0\nz2 = -0\n"),
            new Doc("integer range", "max = 9223372036854775807\nmin = -9223372036854775808\n"),
            new Doc("hex, octal, binary", "hex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\noct1 = 0o01234567\noct2 = 0o755\nbin1 = 0b11010110\nhexmax = 0x7FFFFFFFFFFFFFFF\nzero = 0x0\nlead = 0x000f\n"),
            new Doc("floats", "flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\nflt8 = 224_617.445_991_228\nflt9 = -0.0\nflt10 = +0.0\nflt11 = 0e0\n"),
            new Doc("inf and nan", "sf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nsf5 = +nan\nsf6 = -nan\n"),
            new Doc("booleans", "bool1 = true\nbool2 = false\n"),
            new Doc("offset date-times", "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\nodt4 = 1979-05-27 07:32:00Z\nodt5 = 1979-05-27t07:32:00z\nodt6 = 2000-01-01T00:00:00+14:00\n"),
            new Doc("local date-times, dates and times", "ldt1 = 1979-05-27T07:32:00\nldt2 = 1979-05-27T00:32:00.999999\nld1 = 1979-05-27\nlt1 = 07:32:00\nlt2 = 00:32:00.999999\nleap = 2024-02-29\n"),
            new Doc("fractional seconds, nanoseconds", "t = 00:00:00.123456789\nd = 2020-01-01T00:00:00.1Z\n"),
            new Doc("arrays", "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", \"yellow\", \"green\" ]\nnested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]\n"
                    + "nested_mixed_array = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]\nstring_array = [ \"all\", 'strings', \"\"\"are the same\"\"\", '''type''' ]\n"),
            new Doc("mixed-type arrays", "numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\ncontributors = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\", url = \"https://example.com/bazqux\" }\n]\n"),
            new Doc("multi-line arrays with comments and trailing comma", "integers2 = [\n  1, 2, 3\n]\nintegers3 = [\n  1, # one\n  2, # two\n  # nothing\n]\nempty = [ ]\nempty2 = [\n\n]\n"),
            new Doc("arrays of dates and booleans", "a = [1979-05-27, 07:32:00, 1979-05-27T07:32:00Z, true]\n"),
            new Doc("inline tables", "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\nempty = {}\nempty2 = {   }\n"),
            new Doc("nested inline tables", "a = { b = { c = { d = 1 } }, e = [ { f = 2 }, {} ] }\n"),
            new Doc("inline table with dotted keys sharing a prefix", "a = { b.c = 1, b.d = 2, e = 3 }\n"),
            new Doc("inline table with a multi-line array inside", "a = { b = [\n 1,\n 2,\n] }\n"),
            new Doc("tables", "[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456\n"),
            new Doc("table names", "[dog.\"tater.man\"]\ntype.name = \"pug\"\n[ j . \"ʞ\" . 'l' ]\n[a.b.c]\n[ d.e.f ]\n"),
            new Doc("implicit super-tables", "# [x] you\n# [x.y] don't\n# [x.y.z] need these\n[x.y.z.w] # for this to work\n\n[x] # defining a super-table afterward is ok\n"),
            new Doc("dotted keys into an implicit table", "[a.b.c]\nz = 1\n[a]\nb.d = 2\n"),
            new Doc("out-of-order tables", "[fruit.apple]\n[animal]\n[fruit.orange]\n"),
            new Doc("top-level keys then tables", "a = 1\n[t]\nb = 2\n[t.sub]\nc = 3\n"),
            new Doc("empty tables", "[a]\n[b]\n[c.d]\n"),
            new Doc("arrays of tables", "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty table within the array\n\n"
                    + "[[products]]\nname = \"Nail\"\nsku = 284758393\n\ncolor = \"gray\"\n"),
            new Doc("nested arrays of tables", "[[fruits]]\nname = \"apple\"\n\n[fruits.physical]  # subtable\ncolor = \"red\"\nshape = \"round\"\n\n"
                    + "[[fruits.varieties]]  # nested array of tables\nname = \"red delicious\"\n\n[[fruits.varieties]]\nname = \"granny smith\"\n\n\n"
                    + "[[fruits]]\nname = \"banana\"\n\n[[fruits.varieties]]\nname = \"plantain\"\n"),
            new Doc("retention rules", "[[retention]]\naccount = \"*\"\nfolders = [\"INBOX\", \"Archive/*\"]\nolder_than_days = 365\n[[retention]]\naccount = \"w\"\nfolders = [\"Trash\"]\nolder_than_days = 30\n[holds]\nfolders = [\"Legal/*\"]\n"),
            new Doc("array of inline tables", "points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 },\n           { x = 2, y = 4, z = 8 } ]\n"),
            new Doc("header whitespace", "[ a . b ]\nx = 1\n[[ c ]]\ny = 2\n[[ c ]]\n"),
            new Doc("comments after everything", "[t] # c\nk = 1 # c\nl = [1, # c\n 2] # c\n[[u]] # c\n"),
            new Doc("CRLF line endings", "a = 1\r\n[t]\r\nb = \"x\"\r\n# c\r\nc = [\r\n 1,\r\n]\r\n"),
            new Doc("tabs as whitespace", "\ta\t=\t1\t\n[\tt\t]\t\nb =\t{\tc = 2\t}\n"),
            new Doc("no newline at the end", "a = 1"),
            new Doc("comment at the end without newline", "a = 1 # end"),
            new Doc("literal key with dots and header", "['a.b']\nc = 1\n[\"a\".b]\nd = 2\n"),
            new Doc("deep dotted key", "a.b.c.d.e.f = 1\na.b.c.d.e.g = 2\n"),
            new Doc("array-of-tables element with dotted keys", "[[a]]\nb.c = 1\n[[a]]\nb.c = 2\n"),
            new Doc("subtable of the last array element", "[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n[a.b]\ny = 4\n"),
            new Doc("escaped quotes in keys", "\"a\\\"b\" = 1\n'a\"c' = 2\n"),
            new Doc("CRLF inside multi-line strings", "a = \"\"\"\r\nx\r\ny\"\"\"\r\nb = '''\r\nx\r\ny'''\r\nc = \"\"\"x\\\r\n  y\"\"\"\r\n"),
            new Doc("negative offset under an hour", "a = 2002-12-23T13:53:40-00:45\n"),
            new Doc("byte order mark", "\uFEFF# starts with a BOM\na = 1\n"),
            new Doc("non-ascii in comments", "# ✓ 日本語 \u00a0\na = 1 # ✓\n"));

    static final List<Doc> INVALID = List.of(
            new Doc("duplicate key", "name = \"Tom\"\nname = \"Pradyun\"\n"),
            new Doc("duplicate key, bare and quoted", "spelling = \"favorite\"\n\"spelling\" = \"favourite\"\n"),
            new Doc("value overwritten by a dotted key", "fruit.apple = 1\nfruit.apple.smooth = true\n"),
            new Doc("dotted table overwritten by a value", "a.b = 1\na = 2\n"),
            new Doc("table defined twice", "[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"\n"),
            new Doc("table defined twice via a subtable", "[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"\n"),
            new Doc("table header after dotted keys", "[fruit]\napple.color = \"red\"\n\n[fruit.apple]\nx = 1\n"),
            new Doc("dotted keys into a table with a header", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n"),
            new Doc("dotted keys into a deeper table with a header", "[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1\n"),
            new Doc("super-table defined twice", "[a]\n[a.b]\n[a]\n"),
            new Doc("header over a value", "a = 1\n[a]\n"),
            new Doc("header through a value", "a = 1\n[a.b]\n"),
            new Doc("inline table extended by a header", "[product]\ntype = { name = \"Nail\" }\n\n[product.type]\nedible = false\n"),
            new Doc("inline table extended by a subtable header", "a = { b = 1 }\n[a.c]\n"),
            new Doc("inline table extended by a dotted key", "[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n"),
            new Doc("inline table extended inside itself", "a = { b = { c = 1 }, b.d = 2 }\n"),
            new Doc("newline in an inline table", "a = { b = 1,\n c = 2 }\n"),
            new Doc("trailing comma in an inline table", "a = { b = 1, }\n"),
            new Doc("duplicate key in an inline table", "a = { b = 1, b = 2 }\n"),
            new Doc("array of tables over a static array", "a = []\n[[a]]\n"),
            new Doc("table header over an array of tables", "[[a]]\n[a]\n"),
            new Doc("array of tables over a table", "[a]\n[[a]]\n"),
            new Doc("header through a static array", "a = [{ b = 1 }]\n[a.c]\n"),
            new Doc("bad escape", "a = \"\\x41\"\n"),
            new Doc("escape \\e (TOML 1.1 only)", "a = \"\\e\"\n"),
            new Doc("backslash-space in a basic string", "a = \"a\\ b\"\n"),
            new Doc("short unicode escape", "a = \"\\u00G1\"\n"),
            new Doc("surrogate escape", "a = \"\\uD800\"\n"),
            new Doc("escape above U+10FFFF", "a = \"\\U00110000\"\n"),
            new Doc("unterminated basic string", "a = \"abc\nb = 1\n"),
            new Doc("unterminated string at the end", "a = \"abc"),
            new Doc("unterminated literal string", "a = 'abc\n"),
            new Doc("unterminated multi-line string", "a = \"\"\"abc\n\nb = 1\n"),
            new Doc("unterminated multi-line literal", "a = '''abc\n"),
            new Doc("control character in a string", "a = \"x\u0001y\"\n"),
            new Doc("DEL in a literal string", "a = 'x\u007fy'\n"),
            new Doc("control character in a comment", "a = 1 # x\u0007\n"),
            new Doc("bare carriage return", "a = 1\rb = 2\n"),
            new Doc("leading zeros", "a = 0123\n"),
            new Doc("leading zero in a float", "a = 03.14\n"),
            new Doc("hex with a sign", "a = +0x1\n"),
            new Doc("binary with a sign", "a = -0b1\n"),
            new Doc("double underscore", "a = 1__000\n"),
            new Doc("trailing underscore", "a = 1000_\n"),
            new Doc("underscore before the digits of a hex number", "a = 0x_1\n"),
            new Doc("float without digits after the point", "a = 1.\n"),
            new Doc("float without digits before the point", "a = .5\n"),
            new Doc("float exponent without digits", "a = 1e\n"),
            new Doc("integer overflow", "a = 9223372036854775808\n"),
            new Doc("negative integer overflow", "a = -9223372036854775809\n"),
            new Doc("hex overflow", "a = 0x8000000000000000\n"),
            new Doc("empty hex", "a = 0x\n"),
            new Doc("capital Inf", "a = Inf\n"),
            new Doc("capital True", "a = True\n"),
            new Doc("bad date", "a = 2021-02-30\n"),
            new Doc("month 13", "a = 2021-13-01\n"),
            new Doc("hour 25", "a = 25:00:00\n"),
            new Doc("time without seconds (TOML 1.1 only)", "a = 1979-05-27T07:32Z\n"),
            new Doc("date with a one-digit day", "a = 1979-05-7\n"),
            new Doc("bad offset", "a = 1979-05-27T07:32:00+24:00\n"),
            new Doc("offset with a one-digit minute", "a = 1997-09-09T09:09:09.09+09:9\n"),
            new Doc("key without value", "a =\n"),
            new Doc("key without value at the end", "a = "),
            new Doc("key without equals", "a\n"),
            new Doc("value without key", "= 1\n"),
            new Doc("two values on a line", "a = 1 b = 2\n"),
            new Doc("text after a string", "a = \"x\" \"y\"\n"),
            new Doc("unquoted string", "a = hello\n"),
            new Doc("array without commas", "a = [1 2]\n"),
            new Doc("array with an empty element", "a = [1,,2]\n"),
            new Doc("array never closed", "a = [1, 2\nb = 1\n"),
            new Doc("header never closed", "[a\nb = 1\n"),
            new Doc("empty header", "[]\n"),
            new Doc("array-of-tables header with one bracket", "[[a]\n"),
            new Doc("text after a header", "[a] b = 1\n"),
            new Doc("invalid bare key character", "a/b = 1\n"),
            new Doc("newline inside a key", "a.\nb = 1\n"),
            new Doc("multi-line string as a key", "\"\"\"a\"\"\" = 1\n"),
            new Doc("comment inside an inline table", "a = { b = 1 # c\n}\n"),
            new Doc("inline table never closed", "a = { b = 1"),
            new Doc("four quotes closing a literal", "a = '''x''''''\n"));
}
