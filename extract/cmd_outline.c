/* fiscx outline: placeholder until the command lands. */
#include "cli.h"

int fx_cmd_outline(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("fiscx outline: not available in this build yet\n", stderr);
    return 2;
}
