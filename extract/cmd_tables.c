/* fiscx tables: placeholder until the command lands. */
#include "cli.h"

int fx_cmd_tables(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("fiscx tables: not available in this build yet\n", stderr);
    return 2;
}
