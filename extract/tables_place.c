/* Which column a number belongs to, when the converter dropped the empty cells (layouts 3
 * and 4): `2012902 一般行政管理事务 210.00 210.00` under seven value columns. Only what follows
 * from the table itself is placed; everything else stays unplaced (the caller warns):
 *   - a 行次 column takes a leading whole number;
 *   - as many numbers as columns: one each, in order;
 *   - a first column that is the total of all the others (合计 first, the first number equal
 *     to the sum of the rest) takes the first number;
 *   - a row with exactly as many numbers as its parent row has filled columns takes those
 *     columns: a blank parent cell is zero, so its children are zero (blank) there too. */
#include "tables.h"

int tb_place(const tb_col *cols, int nc, const fx_dec *nums, int n, const int *parent_cols,
             int n_parent, int *slot)
{
    for (int i = 0; i < n; i++) slot[i] = -1;
    if (n == 0 || nc <= 0 || nc > 256) return 0;
    int idx[256];
    int first = 0, placed = 0;
    /* 行次 */
    for (int c = 0; c < nc; c++) {
        if (!cols[c].lineno) continue;
        if (nums[0].ok && nums[0].scale == 0 && nums[0].m > 0 && nums[0].m < 1000) {
            slot[0] = c;
            first = 1;
            placed = 1;
        }
        break;
    }
    int k = 0;
    for (int c = 0; c < nc; c++)
        if (!cols[c].label && !cols[c].lineno) idx[k++] = c;
    int rest = n - first;
    if (rest <= 0) return placed;
    if (rest == k) {
        for (int i = 0; i < rest; i++) slot[first + i] = idx[i];
        return placed + rest;
    }
    if (rest > k) return placed;
    /* a leading total column that sums all the others */
    bool lead_total = k >= 2 && cols[idx[0]].total;
    for (int i = 1; i < k && lead_total; i++)
        if (cols[idx[i]].total) lead_total = false;
    int vfirst = 0; /* value columns already used */
    if (lead_total && n - first >= 2) {
        fx_dec sum = fx_dec_from_int(0);
        for (int i = first + 1; i < n; i++) sum = fx_dec_add(sum, nums[i]);
        fx_dec diff = fx_dec_abs(fx_dec_sub(sum, nums[first]));
        /* 尾差: each part may be off by half a unit of the last digit */
        fx_dec tol = fx_dec_mul(fx_dec_from_int(n - first), (fx_dec){5, 3, true});
        if (diff.ok && tol.ok && fx_dec_cmp(diff, tol) <= 0) {
            slot[first] = idx[0];
            placed++;
            first++;
            vfirst = 1;
        }
    }
    rest = n - first;
    if (rest == 0) return placed;
    if (rest == k - vfirst) {
        for (int i = 0; i < rest; i++) slot[first + i] = idx[vfirst + i];
        return placed + rest;
    }
    /* the parent's filled columns */
    if (parent_cols && n_parent > 0) {
        int pc[256], m = 0;
        for (int i = 0; i < n_parent; i++) {
            bool used = false;
            for (int j = 0; j < first; j++) if (slot[j] == parent_cols[i]) used = true;
            if (!used && !cols[parent_cols[i]].lineno) pc[m++] = parent_cols[i];
        }
        if (m == rest) {
            for (int i = 0; i < rest; i++) slot[first + i] = pc[i];
            return placed + rest;
        }
    }
    return placed;
}
