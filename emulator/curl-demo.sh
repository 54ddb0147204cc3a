#!/usr/bin/env bash
# Against a running emulator (npm run emulator -- --port 4010): a Civitai user's workflows, one workflow, a job's scan
# context and a blob redirect. Needs curl and python3 (for picking fields out of the JSON).
set -euo pipefail
BASE=${1:-http://127.0.0.1:4010}
AUTH="Authorization: Bearer ${TOKEN:-emu-service-token-demo-0001}"
USER_ID=${USER_ID:-1637892}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

echo "# 1. Civitai user $USER_ID's workflows (manager list, newest first)"
LIST=$(curl -sS -H "$AUTH" "$BASE/v1/manager/workflows?UserId=$USER_ID&Take=3")
echo "$LIST" | json "'next: ' + str(d['next']) + '\n' + '\n'.join(w['id'] + '  ' + w['status'] + '  ' + w['createdAt'] + '  ' + ','.join(w['tags']) for w in d['items'])"

WORKFLOW=$(echo "$LIST" | json "d['items'][0]['id']")
echo; echo "# 2. GET /v2/consumer/workflows/$WORKFLOW (abridged)"
WF=$(curl -sS -H "$AUTH" "$BASE/v2/consumer/workflows/$WORKFLOW")
echo "$WF" | json "json.dumps({k: d[k] for k in ('id','status','createdAt','nsfwLevel','tags')} | {'steps': [{'\$type': s['\$type'], 'name': s['name'], 'status': s['status'], 'jobs': [j['id'] for j in (s['jobs'] or [])], 'blobs': [(b['id'], b.get('nsfwLevel'), b['blockedReason'], b['available']) for b in (s.get('output') or {}).get('images', [])]} for s in d['steps']]}, indent=2)"

JOB=$(echo "$WF" | json "d['steps'][0]['jobs'][0]['id']")
echo; echo "# 3. GET /v1/consumer/jobs/$JOB?detailed=true: scan context and prompt classification"
curl -sS -H "$AUTH" "$BASE/v1/consumer/jobs/$JOB?detailed=true" | json "json.dumps({'lastEvent.type': d['lastEvent']['type'], 'context': d['lastEvent']['context'], 'promptClassificationResult': d['job']['promptClassificationResult'], 'result': d['result']}, indent=2)"

BLOB=$(echo "$WF" | json "[b['id'] for s in d['steps'] for b in (s.get('output') or {}).get('images', []) if b['available']][0]")
echo; echo "# 4. GET /v2/consumer/blobs/$BLOB (redirect not followed), then the content it points to"
curl -sS -o /dev/null -D - -H "$AUTH" "$BASE/v2/consumer/blobs/$BLOB" | grep -iE '^(HTTP|location|x-nsfw-level)'
LOCATION=$(curl -sS -o /dev/null -w '%{redirect_url}' -H "$AUTH" "$BASE/v2/consumer/blobs/$BLOB")
curl -sS -o /dev/null -D - "$LOCATION" | grep -iE '^(HTTP|content-type|content-length|cache-control)'
