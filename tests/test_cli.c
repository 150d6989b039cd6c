/* test_cli.c — option parsing: values, ranges, positional arguments, lists. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "harness.h"

static int epochs = 50, quiet = 0;
static double lr = 1e-3;
static const char *out = "model.h5";
static cli_multi spikes;

static cli_option options[] = {
    {"epochs", 0, CLI_INT, &epochs, "N", "epochs", 1, 10000, NULL},
    {"lr", 0, CLI_DOUBLE, &lr, "X", "learning rate", 0, 1, NULL},
    {"output", 'o', CLI_STRING, &out, "FILE", "output", 0, 0, NULL},
    {"quiet", 'q', CLI_FLAG, &quiet, NULL, "quiet", 0, 0, NULL},
    {"spike", 0, CLI_MULTI, &spikes, "AT:CPU", "repeatable", 0, 0, NULL},
    {0},
};
static const cli_spec spec = {"test", "[FILE]", "test", NULL, options, 0, 1};

static int parse(int argc, const char **args, int *first)
{
    static char *argv[16];
    for (int i = 0; i < argc; i++)
        argv[i] = (char *)args[i];
    return cli_parse(&spec, argc, argv, first);
}

int main(void)
{
    int first;
    const char *a1[] = {"t", "--epochs", "7", "data.csv", "--lr=0.5", "-q", "-o", "x.h5"};
    CHECK(parse(8, a1, &first) == -1, "cli parses a valid line");
    CHECK(epochs == 7 && lr == 0.5 && quiet == 1 && !strcmp(out, "x.h5"), "cli stores values");
    CHECK(first == 7, "cli leaves one positional argument at the end");

    const char *a2[] = {"t", "--epochs", "-1"};
    CHECK(parse(3, a2, &first) == 2, "cli: negative epochs is a usage error");
    const char *a3[] = {"t", "--epochs", "2.5"};
    CHECK(parse(3, a3, &first) == 2, "cli: fractional int is a usage error");
    const char *a4[] = {"t", "--bogus"};
    CHECK(parse(2, a4, &first) == 2, "cli: unknown option is a usage error");
    const char *a5[] = {"t", "--lr"};
    CHECK(parse(2, a5, &first) == 2, "cli: missing value is a usage error");
    const char *a6[] = {"t", "a", "b"};
    CHECK(parse(3, a6, &first) == 2, "cli: too many arguments is a usage error");
    const char *a7[] = {"t", "--lr", "nan"};
    CHECK(parse(3, a7, &first) == 2, "cli: nan is not a number");
    const char *a8[] = {"t", "-"};
    CHECK(parse(2, a8, &first) == -1 && first == 1, "cli: '-' is a positional argument");

    const char *a9[] = {"t", "--spike", "10:90", "--spike=20:95"};
    CHECK(parse(4, a9, &first) == -1 && spikes.n == 2 && !strcmp(spikes.items[1], "20:95"),
          "cli: a repeatable option keeps every value in order");

    char *storage;
    const char *items[4];
    CHECK(strlist_split("a,b,c", &storage, items, 4) == 3 && !strcmp(items[2], "c"),
          "strlist_split splits");
    free(storage);
    CHECK(strlist_split("a,,c", &storage, items, 4) == -1, "strlist_split rejects empty items");
    free(storage);

    /* A table put together from groups parses like one array (options less
     * its terminator is the group). */
    static cli_table t;
    CHECK(cli_table_add(&t, options, 5) == 0 && t.n == 5 && t.items[5].name == NULL && !t.full,
          "cli_table_add appends a group and keeps the table terminated");
    const cli_spec tspec = {"test", "[FILE]", "test", NULL, t.items, 0, 1};
    char *a10[] = {"t", "--epochs", "9", "-q"};
    epochs = 0;
    CHECK(cli_parse(&tspec, 4, a10, &first) == -1 && epochs == 9, "cli parses a built table");
    size_t before = t.n;
    for (int i = 0; i < CLI_MAX_OPTIONS && !t.full; i++)
        cli_table_add(&t, options, 1);
    CHECK(t.full && t.n == CLI_MAX_OPTIONS && t.items[t.n].name == NULL && before == 5,
          "cli_table_add fills the table to CLI_MAX_OPTIONS and then refuses, marked full");
    CHECK(cli_table_add(&t, options, 1) == -1 && t.n == CLI_MAX_OPTIONS,
          "cli_table_add on a full table adds nothing");

    /* Defaults as --help and the man page print them. */
    int hour = 3600, odd = 90;
    double rate = 0.25;
    const char *none = NULL;
    cli_option d1 = {"max-fill", 0, CLI_DURATION, &hour, "D", "", 0, 0, NULL};
    cli_option d2 = {"max-fill", 0, CLI_DURATION, &odd, "D", "", 0, 0, NULL};
    cli_option d3 = {"lr", 0, CLI_DOUBLE, &rate, "X", "", 0, 0, NULL};
    cli_option d4 = {"calendar", 0, CLI_STRING, &none, "F", "", 0, 0, NULL};
    char buf[64];
    cli_format_default(&d1, buf, sizeof buf);
    CHECK(!strcmp(buf, "(default 1h)"), "cli_format_default: a duration in its largest unit (%s)", buf);
    cli_format_default(&d2, buf, sizeof buf);
    CHECK(!strcmp(buf, "(default 90s)"), "cli_format_default: 90 s stays seconds (%s)", buf);
    cli_format_default(&d3, buf, sizeof buf);
    CHECK(!strcmp(buf, "(default 0.25)"), "cli_format_default: a number (%s)", buf);
    cli_format_default(&d4, buf, sizeof buf);
    CHECK(buf[0] == 0, "cli_format_default: a string without a default prints nothing");
    const cli_option *common = cli_common_options();
    CHECK(!strcmp(common[0].name, "help") && !strcmp(common[2].name, "man") && !common[3].name,
          "the common options are --help, --version and --man");
    return test_summary();
}
