/* fiscx: the CLI. It only parses the command and hands over to the command's file. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char USAGE[] =
    "usage: fiscx COMMAND [OPTIONS] [PATH...]\n"
    "\n"
    "Structured records from Chinese government fiscal disclosure reports\n"
    "(部门决算/单位决算 and 预算), output as JSON Lines (schema " FISCX_SCHEMA ").\n"
    "\n"
    "commands:\n"
    "  extract    records of every input as JSON Lines (the main job)\n"
    "  check      consistency checks as a readable report; exit 1 if any fails\n"
    "  outline    the section tree of a report, indented, for people\n"
    "  tables     the tables of a report, as text or CSV files (--csv DIR)\n"
    "  normalize  the canonical text a report is read from\n"
    "  ingest     store records in an SQLite archive (--db PATH)\n"
    "\n"
    "`fiscx COMMAND --help` for the options of a command.\n"
    "  -h, --help     this text\n"
    "  -V, --version  version and schema\n";

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN); /* a closed output shows up as EPIPE on write */
    if (argc < 2) { fputs(USAGE, stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) { fputs(USAGE, stdout); return 0; }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("fiscx %s (schema %s)\n", FISCX_VERSION, FISCX_SCHEMA);
        return 0;
    }
    static const struct { const char *name; int (*run)(int, char **); } CMDS[] = {
        {"extract", fx_cmd_extract}, {"check", fx_cmd_check}, {"outline", fx_cmd_outline},
        {"tables", fx_cmd_tables}, {"normalize", fx_cmd_normalize}, {"ingest", fx_cmd_ingest},
    };
    for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; i++)
        if (!strcmp(cmd, CMDS[i].name)) return CMDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "fiscx: unknown command '%s'\n\n%s", cmd, USAGE);
    return 2;
}
