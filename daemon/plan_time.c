/*
 * plan_time.c - the dates of the plans: today in Europe/Oslo (or the
 * test clock SAMPLAN_TODAY) and whether a frist has passed.
 *
 * Split from plan.c, which folds the records; this file knows only
 * dates and holds no state.  Declared in plan.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "errors.h"
#include "plan.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static long
days_from_civil(int y, int m, int d)
{
	long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The day of month of the last Sunday of month m of year y. */
static int
last_sunday(int y, int m)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	int			d = mdays[m - 1];
	long			wd;

	/* 1970-01-01 was a Thursday (weekday 4, Sunday 0). */
	wd = (days_from_civil(y, m, d) % 7 + 11) % 7;
	return d - (int)wd;
}

void
plan_oslo_date(time_t now, char out[11])
{
	struct tm	tm;
	time_t		start, end, t;
	int		y;

	/*
	 * Norway keeps CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the
	 * last Sunday of March to 01:00 UTC on the last Sunday of October
	 * (EU rule); computed here so that no TZ database or setenv() is
	 * needed.
	 */
	gmtime_r(&now, &tm);
	y = tm.tm_year + 1900;
	start = (time_t)days_from_civil(y, 3, last_sunday(y, 3)) * 86400 +
	    3600;
	end = (time_t)days_from_civil(y, 10, last_sunday(y, 10)) * 86400 +
	    3600;
	t = now + (now >= start && now < end ? 7200 : 3600);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
plan_today(char out[11])
{
	const char	*env = getenv("SAMPLAN_TODAY");

	if (env != NULL && *env != '\0') {
		if (domain_date_check(env) != 0) {
			out[0] = '\0';
			return SP_EINVAL;
		}
		memcpy(out, env, 11);
		return 0;
	}
	plan_oslo_date(time(NULL), out);
	return 0;
}

/* The first and last month of a period; 0 when p is none. */

int
plan_overdue(const char *frist, const char *status, const char *today)
{
	char	due[16];
	int	y, m, d;

	if (domain_frist_due(nz(frist), &y, &m, &d) != 0)
		return 0;
	if (status != NULL && (strcmp(status, "gjennomfort") == 0 ||
	    strcmp(status, "lopende") == 0 || strcmp(status, "bortfalt") == 0))
		return 0;
	snprintf(due, sizeof(due), "%04d-%02d-%02d", y, m, d);
	return strcmp(due, today) < 0;
}
