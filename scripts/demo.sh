#!/usr/bin/env bash
# The 30-second tour from the README, run with the release binaries in a scratch directory
# (its own local topic store), so it never touches the user's .velo/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$root/.build/release:$PATH"
work="$(mktemp -d "${TMPDIR:-/tmp}/velo-tour.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
export VELO_HOME="$work/.velo"
if [[ -t 1 && -z "${NO_COLOR+x}" ]]; then
  step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
  step() { printf '\n$ %s\n' "$*"; }
fi

step "velo-gen --example iot > sensors.schema.yaml"
velo-gen --example iot > sensors.schema.yaml
sed -n '1,12p' sensors.schema.yaml; echo "  …"

step "velo-gen sensors.schema.yaml -n 3 --seed 7"
velo-gen sensors.schema.yaml -n 3 --seed 7

step "velo-gen sensors.schema.yaml -n 100000 --seed 7 --topic sensor_readings"
velo-gen sensors.schema.yaml -n 100000 --seed 7 --topic sensor_readings

step "velo-infer --topic sensor_readings --sample 5000 --name sensor_readings"
velo-infer --topic sensor_readings --sample 5000 --name sensor_readings | sed -n '1,16p'; echo "  …"

cat > avg_temperature.sql <<'SQL'
-- @name: avg_temperature
CREATE TABLE avg_temperature AS
SELECT device_id, AVG(temperature_c) AS avg_temp, COUNT(*) AS readings
FROM sensor_readings
GROUP BY device_id
WINDOW TUMBLING(event_time, 5m)
EMIT FINAL
WITH ('event.time.field' = 'event_time');
SQL
step "velo-run --check avg_temperature.sql --schemas ."
velo-run --check avg_temperature.sql --schemas .

step "velo-run avg_temperature.sql --topic sensor_readings --metrics metrics.json | head -5"
velo-run avg_temperature.sql --topic sensor_readings --metrics metrics.json | head -5

step "velo-gen sensors.schema.yaml -n 50000 --seed 9 | velo-run -q avg_temperature.sql | wc -l"
velo-gen sensors.schema.yaml -n 50000 --seed 9 | velo-run -q avg_temperature.sql | wc -l

step "sed 's/temperature_c)/temprature_c)/' avg_temperature.sql > typo.sql; velo-run --check typo.sql --schemas ."
sed 's/temperature_c)/temprature_c)/' avg_temperature.sql > typo.sql
velo-run --check typo.sql --schemas . || echo "(exit $?: invalid input)"
