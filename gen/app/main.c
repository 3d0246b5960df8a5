/* main: the command line of spec/cli.md: render, check, build, fonts.
 * Each command takes its own options (the table below); `--help` prints
 * them. Usage errors (an unknown option, one the command does not take, a
 * missing argument) exit 2. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "build.h"
#include "data.h"
#include "fonts.h"
#include "pipeline.h"
#include "rollup.h"
#include "skeleton.h"
#include "util.h"

/* Every option of every command. */
enum { OPT_OUTPUT, OPT_LAYOUT, OPT_PREVIOUS, OPT_JOBS, OPT_FORMATS, OPT_FRAGMENT, OPT_FORCE, OPT_HELP, OPT_CHILDREN, OPT_AGENCY, OPT_STRICT, OPT_YEAR, NOPT };

static const struct option_def {
    const char *lng; /* --name */
    char shrt;       /* -c, or 0 */
    bool value;      /* takes a value: `--name V`, `--name=V`, `-cV`, `-c V` */
} options[NOPT] = {
    [OPT_OUTPUT] = {"--output", 'o', true},   [OPT_LAYOUT] = {"--layout", 0, true},
    [OPT_PREVIOUS] = {"--previous", 0, true}, [OPT_JOBS] = {"--jobs", 'j', true},
    [OPT_FORMATS] = {"--formats", 0, true},   [OPT_FRAGMENT] = {"--fragment", 0, false},
    [OPT_FORCE] = {"--force", 0, false},      [OPT_HELP] = {"--help", 'h', false},
    [OPT_CHILDREN] = {"--children", 0, false}, [OPT_AGENCY] = {"--agency", 0, true},
    [OPT_STRICT] = {"--strict", 0, false},
    [OPT_YEAR] = {"--year", 0, true},
};

/* Parsed arguments of a command. */
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
    bool strict;
    bool help;
    const char **children; /* check --children: the data files after it */
    size_t nchildren;
    bool in_children;
    const char *agency;
    const char *year;
} args;

typedef struct command command;
static int usage_error(const command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int cmd_render(const command *c, args *a);
static int cmd_check(const command *c, args *a);
static int cmd_sum(const command *c, args *a)
{
    if (a->npositional < 1) return usage_error(c, "sum needs at least one child data file");
    if (!a->agency) return usage_error(c, "sum needs --agency NAME");
    if (!*a->agency) return usage_error(c, "--agency must not be empty");
    if (a->noutputs != 1) return usage_error(c, "sum needs one -o PARENT.yaml");
    /* A roll-up written over one of its children would destroy that child. */
    struct stat out;
    if (stat(a->outputs[0], &out) == 0)
        for (size_t i = 0; i < a->npositional; i++) {
            struct stat in;
            if (stat(a->positional[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
                return usage_error(c, "-o %s is one of the children", a->outputs[0]);
        }
    nb_session *s = nb_session_new(a->layout);
    int rc = nb_sum(s, a->positional, a->npositional, a->agency, a->outputs[0], stderr);
    nb_session_free(s);
    return rc;
}

static int cmd_new(const command *c, args *a);
/* The program that imports (import_main.c): beside this one (a build
 * tree), else in the install's libexec folder. */
static char *import_program(void)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = 0;
        char *slash = strrchr(self, '/');
        if (slash) {
            char *p = nb_xasprintf("%.*s/nianbao-import", (int)(slash - self), self);
            if (access(p, X_OK) == 0) return p;
            free(p);
        }
    }
    return nb_xstrdup(NB_LIBEXECDIR "/nianbao-import");
}

static int cmd_import(const command *c, args *a)
{
    if (a->npositional != 1) return usage_error(c, "import takes one report (.html, .htm, .pdf or .txt)");
    if (a->noutputs != 1) return usage_error(c, "import needs one -o DATA.yaml");
    struct stat in, out;
    if (stat(a->positional[0], &in) == 0 && stat(a->outputs[0], &out) == 0 && in.st_dev == out.st_dev &&
        in.st_ino == out.st_ino)
        return usage_error(c, "-o %s is the report itself", a->outputs[0]);
    char *prog = import_program();
    char *argv[] = {prog, (char *)a->positional[0], (char *)a->outputs[0], (char *)a->layout, NULL};
    fflush(NULL);
    execv(prog, argv);
    fprintf(stderr, "nianbao: error: cannot run %s: %s\n", prog, strerror(errno));
    free(prog);
    return NB_EXIT_ENV;
}

static int cmd_build(const command *c, args *a);
static int cmd_fonts(const command *c, args *a);
static int cmd_sum(const command *c, args *a);

/* The option lines of a command's help: which options it takes. */
typedef struct opt_help {
    int id;
    const char *shows; /* as printed: "-o, --output OUT" */
    const char *text;
} opt_help;

#define LAYOUT_HELP {OPT_LAYOUT, "--layout NAME|PATH", "a layout name or folder (default: the data's layout: key, else gb-2021)"}
#define HELP_HELP {OPT_HELP, "-h, --help", "print this help and exit 0"}

struct command {
    const char *name;
    const char *synopsis; /* after "nianbao " */
    const char *summary;
    opt_help opts[8];     /* up to the first without `shows` */
    int (*run)(const command *c, args *a);
};

static const command commands[] = {
    {"render", "render DATA.yaml -o OUT [-o OUT …] [--layout NAME|PATH] [--fragment]",
     "Renders one report. Each output's format follows its extension: .pdf, or .html (a complete page).\n"
     "Nothing is written when the data is invalid; an earlier output is replaced only when the new one is complete.",
     {{OPT_OUTPUT, "-o, --output OUT", "an output file, .pdf or .html (at least one; repeat for more)"},
      LAYOUT_HELP,
      {OPT_FRAGMENT, "--fragment", "HTML as an embeddable fragment for a CMS page (no <html>/<head>, scoped styles)"},
      HELP_HELP},
     cmd_render},
    {"check", "check DATA.yaml [DATA.yaml …] [--previous LAST.yaml] [--children CHILD.yaml …] [--strict] [--layout NAME|PATH]",
     "Validates data files (syntax, schema, consistency) without rendering; prints every problem as\n"
     "FILE:LINE:COLUMN: error: MESSAGE and exits 1 if any file has an error.",
     {{OPT_PREVIOUS, "--previous LAST.yaml", "last year's data file: adds the cross-year rules (one data file only)"},
      {OPT_STRICT, "--strict", "warnings are errors: a file with a warning is invalid (exit 1)"},
      {OPT_CHILDREN, "--children CHILD.yaml …", "the files after it are the roll-up's children: warns at each table cell"
                                                 " that differs from their sum (one data file only)"},
      LAYOUT_HELP, HELP_HELP},
     cmd_check},
    {"build", "build SRC -o OUTDIR [-j N] [--formats pdf,html] [--layout NAME|PATH] [--force] [--strict]",
     "Renders every *.yaml under SRC to OUTDIR/REL.pdf and OUTDIR/REL.html, only what changed since the\n"
     "last build (OUTDIR/.nianbao/manifest); keeps going past a bad file and exits 1 if any failed.",
     {{OPT_OUTPUT, "-o, --output OUTDIR", "the output folder (one)"},
      {OPT_JOBS, "-j, --jobs N", "render N reports at a time, 1 to 256 (default: the number of processors)"},
      {OPT_FORMATS, "--formats LIST", "which outputs, comma-separated: pdf, html (default: pdf,html)"},
      LAYOUT_HELP,
      {OPT_FORCE, "--force", "render everything, changed or not"},
      {OPT_STRICT, "--strict", "warnings are errors: a report with a warning fails"},
      HELP_HELP},
     cmd_build},
    {"sum", "sum CHILD.yaml [CHILD.yaml …] --agency NAME -o PARENT.yaml [--layout NAME|PATH]",
     "Writes a roll-up: a data file of the children's form and year whose table cells are the sums of theirs\n"
     "(`/` where every child has `/`; notes dropped; fees summed exactly), each text a placeholder to be written.",
     {{OPT_AGENCY, "--agency NAME", "the roll-up's agency (机关名称)"},
      {OPT_OUTPUT, "-o, --output FILE", "the data file to write (replaced atomically; nothing on failure)"},
      LAYOUT_HELP, HELP_HELP},
     cmd_sum},
    {"new", "new --agency NAME --year Y [--previous LAST.yaml] [--layout NAME|PATH] [--force] -o FILE.yaml",
     "Writes the data file of a report to fill in: every section and table row of the form, each row under\n"
     "a comment with its official label, counts 0, each text a placeholder that check reports as an error.\n"
     "With last year's report: the rows the form carries across years (上年结转, 现行有效) prefilled from it,\n"
     "its `/` cells kept, and its preface, headings and items kept with each text a placeholder to rewrite.",
     {{OPT_AGENCY, "--agency NAME", "the agency (机关名称)"},
      {OPT_YEAR, "--year Y", "the year reported on (2008 to 2100)"},
      {OPT_PREVIOUS, "--previous LAST.yaml", "last year's data file (its year must be Y-1; its form is used)"},
      {OPT_OUTPUT, "-o, --output FILE", "the data file to write (atomically; nothing on failure)"},
      {OPT_FORCE, "--force", "replace FILE if it exists (else an existing FILE is a usage error)"},
      LAYOUT_HELP, HELP_HELP},
     cmd_new},
    {"import", "import REPORT -o DATA.yaml [--layout NAME|PATH]",
     "Reads a published report (.html/.htm page, .pdf, or its text as .txt: paragraphs as lines, table rows as\n"
     "tab-separated cells) into a data file, warns at each line it cannot place, then checks it as check does:\n"
     "exit 1 when the published tables do not add up (the file is written all the same).",
     {{OPT_OUTPUT, "-o, --output FILE", "the data file to write (replaced atomically)"},
      {OPT_LAYOUT, "--layout NAME|PATH", "the report's form (default gb-2021; written as the data's layout: key)"},
      HELP_HELP},
     cmd_import},
    {"fonts", "fonts [--layout NAME|PATH]",
     "Prints each font role of the layout and the font file (and face index) it resolves to.",
     {LAYOUT_HELP, HELP_HELP},
     cmd_fonts},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static const char exit_text[] =
    "exit status: 0 success, 1 invalid data, 2 wrong usage, 3 environment (a font, layout or output path)\n";

static bool takes(const command *c, int id)
{
    for (const opt_help *o = c->opts; o < c->opts + 8 && o->shows; o++)
        if (o->id == id) return true;
    return false;
}

static void print_synopses(FILE *f)
{
    for (int i = 0; i < NCOMMANDS; i++) fprintf(f, "%s nianbao %s\n", i ? "      " : "usage:", commands[i].synopsis);
}

static void print_command_help(const command *c, FILE *f)
{
    fprintf(f, "usage: nianbao %s\n\n%s\n\noptions:\n", c->synopsis, c->summary);
    for (const opt_help *o = c->opts; o < c->opts + 8 && o->shows; o++) {
        /* pad by characters, not bytes (`…`), and keep two spaces before the text */
        size_t chars = 0;
        for (const char *p = o->shows; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
        fprintf(f, "  %s%*s%s\n", o->shows, chars < 22 ? (int)(24 - chars) : 2, "", o->text);
    }
}

static void print_help(FILE *f)
{
    fputs("nianbao: the annual report on government information disclosure, from YAML data to PDF and HTML.\n\n", f);
    print_synopses(f);
    fputs("       nianbao COMMAND --help\n       nianbao --version\n", f);
    for (int i = 0; i < NCOMMANDS; i++) {
        fputc('\n', f);
        print_command_help(&commands[i], f);
    }
    fputc('\n', f);
    fputs(exit_text, f);
}

/* "nianbao: error: …", then the command's synopsis (all of them without a
 * command) and where the options are listed. Returns 2. */
static int usage_error(const command *c, const char *fmt, ...)
{
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputs("nianbao: error: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    if (c) {
        fprintf(stderr, "usage: nianbao %s\n", c->synopsis);
        fprintf(stderr, "(nianbao %s --help lists its options)\n", c->name);
    } else {
        print_synopses(stderr);
        fputs("(nianbao --help lists the options)\n", stderr);
    }
    return NB_EXIT_USAGE;
}

/* The option s names (its value, if attached, in *attached), or -1. */
static int find_option(const char *s, const char **attached, size_t *namelen)
{
    *attached = NULL;
    if (s[1] == '-') {
        const char *eq = strchr(s, '=');
        size_t n = eq ? (size_t)(eq - s) : strlen(s);
        *namelen = n;
        for (int i = 0; i < NOPT; i++)
            if (strlen(options[i].lng) == n && strncmp(options[i].lng, s, n) == 0) {
                if (eq) *attached = eq + 1;
                return i;
            }
        return -1;
    }
    *namelen = 2;
    for (int i = 0; i < NOPT; i++)
        if (options[i].shrt && options[i].shrt == s[1]) {
            if (s[2]) {
                if (!options[i].value) return -1;
                *attached = s + 2;
            }
            return i;
        }
    if (s[2]) *namelen = strlen(s);
    return -1;
}

static int parse_args(const command *c, int argc, char **argv, args *a)
{
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (only_positional || s[0] != '-' || !s[1]) {
            if (a->in_children) a->children[a->nchildren++] = s;
            else a->positional[a->npositional++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_positional = true;
            continue;
        }
        const char *val;
        size_t namelen;
        int id = find_option(s, &val, &namelen);
        if (id < 0) return usage_error(c, "unknown option '%.*s'", (int)namelen, s);
        if (!takes(c, id)) return usage_error(c, "%s does not take %.*s", c->name, (int)namelen, s);
        if (options[id].value && !val) {
            if (i + 1 >= argc) return usage_error(c, "%.*s needs a value", (int)namelen, s);
            val = argv[++i];
        } else if (!options[id].value && val) {
            return usage_error(c, "%.*s takes no value", (int)namelen, s);
        }
        switch (id) {
        case OPT_OUTPUT: a->outputs[a->noutputs++] = val; break;
        case OPT_LAYOUT: a->layout = val; break;
        case OPT_PREVIOUS: a->previous = val; break;
        case OPT_FORMATS: a->formats = val; break;
        case OPT_JOBS: {
            char *end;
            long j = strtol(val, &end, 10);
            if (!*val || *end || j < 1 || j > 256) return usage_error(c, "-j needs a number from 1 to 256, not '%s'", val);
            a->jobs = (int)j;
            break;
        }
        case OPT_FRAGMENT: a->fragment = true; break;
        case OPT_FORCE: a->force = true; break;
        case OPT_STRICT: a->strict = true; break;
        case OPT_HELP: a->help = true; break;
        case OPT_CHILDREN: a->in_children = true; break;
        case OPT_AGENCY: a->agency = val; break;
        case OPT_YEAR: a->year = val; break;
        }
    }
    return 0;
}

static int cmd_render(const command *c, args *a)
{
    if (a->npositional != 1) return usage_error(c, "render takes one data file");
    if (a->noutputs == 0) return usage_error(c, "render needs at least one -o OUT");
    nb_session *s = nb_session_new(a->layout);
    nb_render_opts o = {.outputs = a->outputs, .noutputs = a->noutputs, .fragment = a->fragment};
    int rc = nb_render_file(s, a->positional[0], &o, stderr);
    nb_session_free(s);
    return rc;
}

static int cmd_check(const command *c, args *a)
{
    if (a->npositional < 1) return usage_error(c, "check needs at least one data file");
    if (a->previous && a->npositional != 1) return usage_error(c, "--previous goes with one data file");
    if (a->in_children && a->npositional != 1) return usage_error(c, "--children goes with one data file");
    if (a->in_children && !a->nchildren) return usage_error(c, "--children needs at least one child data file");
    nb_session *s = nb_session_new(a->layout);
    nb_session_set_strict(s, a->strict);
    int worst = 0;
    for (size_t i = 0; i < a->npositional; i++) {
        int rc = nb_check_file(s, a->positional[i], a->previous, stderr);
        if (rc > worst) worst = rc;
    }
    size_t warnings = 0;
    if (a->in_children && worst == NB_EXIT_OK) {
        worst = nb_check_children(s, a->positional[0], a->children, a->nchildren, stderr, &warnings);
    }
    if (a->strict && warnings && worst == NB_EXIT_OK) { /* the children's sums (a file's own: nb_check_file) */
        fprintf(stderr, "nianbao: error: %s: %zu warning%s, and --strict makes warnings errors\n", a->positional[0], warnings,
                warnings == 1 ? "" : "s");
        worst = NB_EXIT_DATA;
    }
    nb_session_free(s);
    return worst;
}

static int cmd_new(const command *c, args *a)
{
    if (a->npositional) return usage_error(c, "new takes no data file (-o FILE.yaml is what it writes)");
    if (!a->agency) return usage_error(c, "new needs --agency NAME");
    if (!*a->agency) return usage_error(c, "--agency must not be empty");
    if (!a->year) return usage_error(c, "new needs --year Y");
    char *end;
    long y = strtol(a->year, &end, 10);
    if (a->year[0] < '0' || a->year[0] > '9' || *end || y < NB_YEAR_MIN || y > NB_YEAR_MAX)
        return usage_error(c, "--year needs a year from %d to %d, not '%s'", NB_YEAR_MIN, NB_YEAR_MAX, a->year);
    if (a->noutputs != 1) return usage_error(c, "new needs one -o FILE.yaml");
    struct stat st;
    if (!a->force && lstat(a->outputs[0], &st) == 0)
        return usage_error(c, "%s exists (--force replaces it)", a->outputs[0]);
    nb_session *s = nb_session_new(a->layout);
    nb_new_opts o = {.agency = a->agency, .year = (int)y, .previous = a->previous, .layout_key = a->layout,
                     .out = a->outputs[0]};
    int rc = nb_new_report(s, &o, stderr);
    nb_session_free(s);
    return rc;
}

static int cmd_fonts(const command *c, args *a)
{
    if (a->npositional) return usage_error(c, "fonts takes no arguments");
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

static int cmd_build(const command *c, args *a)
{
    if (a->npositional != 1) return usage_error(c, "build takes one source folder");
    if (a->noutputs != 1) return usage_error(c, "build needs one -o OUTDIR");
    nb_build_opts o = {.src = a->positional[0], .outdir = a->outputs[0], .layout = a->layout,
                       .jobs = a->jobs, .formats = a->formats, .force = a->force, .strict = a->strict};
    return nb_build(&o);
}

static const command *find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage_error(NULL, NULL);
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc == 2) {
            print_help(stdout);
            return NB_EXIT_OK;
        }
        const command *c = argc == 3 ? find_command(argv[2]) : NULL;
        if (!c) return usage_error(NULL, "help takes one command name (render, check, build, sum, new, import, fonts)");
        print_command_help(c, stdout);
        return NB_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("nianbao %s\n", NB_VERSION_STRING);
        return NB_EXIT_OK;
    }
    const command *c = find_command(name);
    if (!c) return usage_error(NULL, name[0] == '-' ? "unknown option '%s' (a command comes first)" : "unknown command '%s'", name);
    /* --help anywhere among the arguments, before any other problem */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_command_help(c, stdout);
            return NB_EXIT_OK;
        }
    args a = {0};
    a.positional = nb_xcalloc((size_t)argc, sizeof *a.positional);
    a.outputs = nb_xcalloc((size_t)argc, sizeof *a.outputs);
    a.children = nb_xcalloc((size_t)argc, sizeof *a.children);
    int rc = parse_args(c, argc - 2, argv + 2, &a);
    if (rc == 0) rc = c->run(c, &a);
    free(a.positional);
    free(a.outputs);
    free(a.children);
    return rc;
}
