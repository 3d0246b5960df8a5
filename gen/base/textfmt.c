/* textfmt: layout text formats with {placeholders}, and Chinese numerals
 * for section and item numbers. Declared in textfmt.h. */
#include <stdio.h>
#include <string.h>
#include "textfmt.h"
#include "util.h"

void nb_cn_numeral(int n, char *out)
{
    static const char *const digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    out[0] = 0;
    if (n <= 0 || n > 999) {
        snprintf(out, 32, "%d", n);
        return;
    }
    int h = n / 100, t = (n / 10) % 10, u = n % 10;
    if (h) {
        strcat(out, digit[h]);
        strcat(out, "百");
        if (t == 0 && u) strcat(out, "零");
    }
    if (t) {
        if (t > 1 || h) strcat(out, digit[t]); /* 十, 十一 … but 一百一十 */
        strcat(out, "十");
    }
    if (u) strcat(out, digit[u]);
}

char *nb_format(const char *format, const char *const *names, const char *const *values, size_t n)
{
    nb_buf b;
    nb_buf_init(&b);
    for (const char *p = format; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            bool done = false;
            for (size_t i = 0; close && i < n; i++) {
                size_t len = strlen(names[i]);
                if ((size_t)(close - p - 1) == len && strncmp(p + 1, names[i], len) == 0) {
                    nb_buf_puts(&b, values[i]);
                    p = close + 1;
                    done = true;
                    break;
                }
            }
            if (done) continue;
        }
        nb_buf_putc(&b, *p++);
    }
    return nb_buf_take(&b);
}

char *nb_format_number(const char *format, int n)
{
    char cn[32], num[16];
    nb_cn_numeral(n, cn);
    snprintf(num, sizeof num, "%d", n);
    const char *names[] = {"cn", "n"};
    const char *vals[] = {cn, num};
    return nb_format(format, names, vals, 2);
}
