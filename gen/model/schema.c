/* schema: see schema.h. */
#include "schema.h"
#include <stdlib.h>
#include <string.h>
#include "suggest.h"
#include "util.h"

nb_numkind nb_schema_numkind(const char *t)
{
    bool neg = *t == '-';
    if (*t == '-' || *t == '+') t++;
    size_t digits = 0, frac = 0;
    bool dot = false, exp = false;
    for (; *t >= '0' && *t <= '9'; t++) digits++;
    if (*t == '.') {
        dot = true;
        for (t++; *t >= '0' && *t <= '9'; t++) frac++;
    }
    if (digits + frac == 0) return NB_NUM_NONE;
    if (*t == 'e' || *t == 'E') {
        exp = true;
        t++;
        if (*t == '-' || *t == '+') t++;
        if (!(*t >= '0' && *t <= '9')) return NB_NUM_NONE;
        while (*t >= '0' && *t <= '9') t++;
    }
    if (*t) return NB_NUM_NONE;
    if (neg) return NB_NUM_NEG;
    return dot || exp ? NB_NUM_FRAC : NB_NUM_INT;
}

bool nb_schema_int_value(const char *t, int max_digits, uint32_t *out)
{
    if (*t == '+') t++;
    while (*t == '0' && t[1]) t++;
    if ((int)strlen(t) > max_digits) return false;
    uint32_t v = 0;
    for (; *t; t++) v = v * 10 + (uint32_t)(*t - '0');
    *out = v;
    return true;
}

char *nb_schema_excerpt(const nb_val *v) { return nb_excerpt(v->text, v->len, NB_SCHEMA_EXCERPT); }

char *nb_schema_found(const nb_val *v)
{
    if (!v || v->kind == NB_VAL_NULL) return nb_xstrdup("an empty value");
    if (v->kind == NB_VAL_MAP) return nb_xstrdup("a mapping");
    if (v->kind == NB_VAL_SEQ) return nb_xstrdup("a list");
    char *x = nb_schema_excerpt(v);
    char *r = !v->quoted && nb_schema_numkind(v->text) != NB_NUM_NONE ? nb_xasprintf("the number %s", x)
                                                                      : nb_xasprintf("a string \"%s\"", x);
    free(x);
    return r;
}

void nb_schema_keys(nb_diag *d, const nb_val *map, const char *path, const char *const *known)
{
    for (size_t i = 0; i < map->n; i++) {
        const nb_val *key = map->pairs[i].key;
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strlen(*k) == key->len && memcmp(*k, key->text, key->len) == 0;
        if (ok) continue;
        char *k = nb_schema_excerpt(key);
        const char *s = nb_suggest(key->text, known);
        nb_buf b;
        nb_buf_init(&b);
        nb_buf_printf(&b, "unknown key '%s'", k);
        if (path && *path) nb_buf_printf(&b, " in %s", path);
        if (s) nb_buf_printf(&b, " (did you mean '%s'?)", s);
        nb_diag_error(d, key->mark, "%s", b.data);
        nb_buf_free(&b);
        free(k);
    }
}

const nb_pair *nb_schema_pair(const nb_val *map, const char *key)
{
    size_t len = strlen(key);
    for (size_t i = 0; i < map->n; i++)
        if (map->pairs[i].key->len == len && memcmp(map->pairs[i].key->text, key, len) == 0) return &map->pairs[i];
    return NULL;
}

bool nb_schema_map(nb_diag *d, const nb_val *v, const char *what)
{
    if (v->kind == NB_VAL_MAP) return true;
    char *f = nb_schema_found(v);
    nb_diag_error(d, v->mark, "expected %s, found %s", what, f);
    free(f);
    return false;
}

bool nb_schema_bool(nb_diag *d, const nb_val *v, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL};
    if (v->kind == NB_VAL_SCALAR && !v->quoted) {
        for (const char *const *p = yes; *p; p++)
            if (!strcmp(v->text, *p)) return *out = true;
        for (const char *const *p = no; *p; p++)
            if (!strcmp(v->text, *p)) return !(*out = false);
        char *x = nb_schema_excerpt(v);
        nb_diag_error(d, v->mark, "expected true or false, found \"%s\"", x);
        free(x);
        return false;
    }
    char *f = nb_schema_found(v);
    nb_diag_error(d, v->mark, "expected true or false, found %s", f);
    free(f);
    return false;
}

bool nb_schema_int(nb_diag *d, const nb_val *v, int lo, int hi, int *out)
{
    uint32_t x;
    if (v->kind == NB_VAL_SCALAR && !v->quoted && nb_schema_numkind(v->text) == NB_NUM_INT &&
        nb_schema_int_value(v->text, 9, &x) && (long long)x >= lo && (long long)x <= hi) {
        *out = (int)x;
        return true;
    }
    char *f = nb_schema_found(v);
    nb_diag_error(d, v->mark, "expected a whole number from %d to %d, found %s", lo, hi, f);
    free(f);
    return false;
}

const char *nb_schema_scalar(nb_diag *d, const nb_val *v, const char *what)
{
    if (v && v->kind == NB_VAL_SCALAR) return v->text;
    char *f = nb_schema_found(v);
    nb_diag_error(d, v ? v->mark : (nb_mark){0, 0}, "%s: expected a string, found %s", what, f);
    free(f);
    return NULL;
}
