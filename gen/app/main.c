/* main: the command line of spec/cli.md: render, check, build, fonts.
 * Usage errors exit 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "fonts.h"
#include "pipeline.h"
#include "util.h"

static const char usage_text[] =
    "usage: nianbao render DATA.yaml -o OUT [-o OUT …] [--layout NAME|PATH] [--fragment]\n"
    "       nianbao check DATA.yaml [DATA.yaml …] [--layout NAME|PATH] [--previous LAST_YEAR.yaml]\n"
    "       nianbao build SRC -o OUTDIR [-j N] [--formats pdf,html] [--layout NAME|PATH] [--force]\n"
    "       nianbao fonts [--layout NAME|PATH]\n";

static int usage(const char *problem)
{
    if (problem) fprintf(stderr, "nianbao: error: %s\n", problem);
    fputs(usage_text, stderr);
    return NB_EXIT_USAGE;
}

/* Parsed options common to the commands. */
typedef struct args {
    const char **positional;
    size_t npositional;
    const char **outputs;
    size_t noutputs;
    const char *layout;
    const char *previous;
    const char *formats;
    int jobs;
    bool fragment;
    bool force;
} args;

static int parse_args(int argc, char **argv, args *a, char *problem, size_t psize)
{
    memset(a, 0, sizeof *a);
    a->positional = nb_xcalloc((size_t)argc, sizeof *a->positional);
    a->outputs = nb_xcalloc((size_t)argc, sizeof *a->outputs);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        const char *val = NULL;
        bool takes = strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0 || strcmp(s, "--layout") == 0 || strcmp(s, "--previous") == 0 ||
                     strcmp(s, "-j") == 0 || strcmp(s, "--jobs") == 0 || strcmp(s, "--formats") == 0;
        if (takes) {
            if (i + 1 >= argc) {
                snprintf(problem, psize, "%s needs a value", s);
                return -1;
            }
            val = argv[++i];
        } else if (strncmp(s, "--layout=", 9) == 0) {
            val = s + 9, s = "--layout";
        } else if (strncmp(s, "--formats=", 10) == 0) {
            val = s + 10, s = "--formats";
        } else if (strncmp(s, "-j", 2) == 0 && s[2]) {
            val = s + 2, s = "-j";
        }
        if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) a->outputs[a->noutputs++] = val;
        else if (strcmp(s, "--layout") == 0) a->layout = val;
        else if (strcmp(s, "--previous") == 0) a->previous = val;
        else if (strcmp(s, "--formats") == 0) a->formats = val;
        else if (strcmp(s, "-j") == 0 || strcmp(s, "--jobs") == 0) {
            char *end;
            long j = strtol(val, &end, 10);
            if (*end || j < 1 || j > 256) {
                snprintf(problem, psize, "-j needs a number from 1 to 256, not '%s'", val);
                return -1;
            }
            a->jobs = (int)j;
        } else if (strcmp(s, "--fragment") == 0) a->fragment = true;
        else if (strcmp(s, "--force") == 0) a->force = true;
        else if (s[0] == '-' && s[1]) {
            snprintf(problem, psize, "unknown option '%s'", s);
            return -1;
        } else a->positional[a->npositional++] = s;
    }
    return 0;
}

static void free_args(args *a)
{
    free(a->positional);
    free(a->outputs);
}

static int cmd_render(args *a)
{
    if (a->npositional != 1) return usage("render takes one data file");
    if (a->noutputs == 0) return usage("render needs at least one -o OUT");
    nb_session *s = nb_session_new(a->layout);
    nb_render_opts o = {.outputs = a->outputs, .noutputs = a->noutputs, .fragment = a->fragment};
    int rc = nb_render_file(s, a->positional[0], &o, stderr);
    nb_session_free(s);
    return rc;
}

static int cmd_check(args *a)
{
    if (a->npositional < 1) return usage("check needs at least one data file");
    if (a->noutputs) return usage("check writes nothing: -o is not accepted");
    if (a->previous && a->npositional != 1) return usage("--previous goes with one data file");
    nb_session *s = nb_session_new(a->layout);
    int worst = 0;
    for (size_t i = 0; i < a->npositional; i++) {
        int rc = nb_check_file(s, a->positional[i], a->previous, stderr);
        if (rc > worst) worst = rc;
    }
    nb_session_free(s);
    return worst;
}

static int cmd_fonts(args *a)
{
    if (a->npositional) return usage("fonts takes no arguments");
    nb_session *s = nb_session_new(a->layout);
    nb_fontset *fs = NULL;
    const nb_layout *l = nb_session_layout(s, a->layout, true, &fs, stderr);
    int rc = NB_EXIT_ENV;
    if (l && fs) {
        nb_fontset_print(fs, stdout);
        rc = NB_EXIT_OK;
    }
    nb_session_free(s);
    return rc;
}

static int cmd_build(args *a)
{
    if (a->npositional != 1) return usage("build takes one source folder");
    if (a->noutputs != 1) return usage("build needs one -o OUTDIR");
    nb_build_opts o = {.src = a->positional[0], .outdir = a->outputs[0], .layout = a->layout,
                       .jobs = a->jobs, .formats = a->formats, .force = a->force};
    return nb_build(&o);
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage(NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("nianbao %s\n", NB_VERSION_STRING);
        return 0;
    }
    args a;
    char problem[256];
    if (parse_args(argc - 2, argv + 2, &a, problem, sizeof problem) != 0) {
        free_args(&a);
        return usage(problem);
    }
    int rc;
    if (strcmp(cmd, "render") == 0) rc = cmd_render(&a);
    else if (strcmp(cmd, "check") == 0) rc = cmd_check(&a);
    else if (strcmp(cmd, "fonts") == 0) rc = cmd_fonts(&a);
    else if (strcmp(cmd, "build") == 0) rc = cmd_build(&a);
    else {
        snprintf(problem, sizeof problem, "unknown command '%s'", cmd);
        rc = usage(problem);
    }
    free_args(&a);
    return rc;
}
