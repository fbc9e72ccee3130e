# SPDX-License-Identifier: MIT
"""Reference next-fire times from Debian's python3-croniter, for tst_crondifferential.

Usage: /usr/bin/python3 croniter_oracle.py INPUT OUTPUT

INPUT has one case per line, tab-separated: IANA zone, start (Unix seconds), expression in
croniter's own syntax, count. OUTPUT gets one line per case: the next `count` fire times as Unix
seconds separated by spaces, then "NONE" if croniter found no further fire, or "ERROR <message>"
if croniter rejected the expression. Exit status 3 means croniter cannot be imported.
"""

import sys

try:
    from croniter import croniter, CroniterBadDateError
except ImportError as error:
    print("croniter_oracle: cannot import croniter (%s); install python3-croniter" % error, file=sys.stderr)
    sys.exit(3)

from datetime import datetime
from zoneinfo import ZoneInfo


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    zones = {}
    results = []
    with open(sys.argv[1], encoding="utf-8") as cases:
        for line in cases:
            zone_name, start, expression, count = line.rstrip("\n").split("\t")
            zone = zones.get(zone_name)
            if zone is None:
                zone = zones[zone_name] = ZoneInfo(zone_name)
            try:
                iterator = croniter(expression, datetime.fromtimestamp(int(start), zone))
            except Exception as error:  # croniter raises several unrelated types for bad input
                results.append("ERROR %s: %s" % (type(error).__name__, error))
                continue
            fires = []
            try:
                for _ in range(int(count)):
                    fires.append(str(int(iterator.get_next(datetime).timestamp())))
            except CroniterBadDateError:
                fires.append("NONE")
            results.append(" ".join(fires))
    with open(sys.argv[2], "w", encoding="utf-8") as output:
        output.write("\n".join(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
