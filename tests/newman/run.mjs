// Runs Worksection's own Postman collections against worktray-sim with newman: the simulator
// must accept the vendor's requests as the vendor sends them (token in the query string,
// parameters in the URL of a bodiless POST) and answer with the shapes of the vendor's example
// responses.
//
// Usage: node tests/newman/run.mjs path/to/worktray-sim
//
// The collections are copies, in tests/fixtures/postman/, of the vendor's public repository
// worksection/postman-collections. They are used unchanged on disk; this script sets them up in
// memory the way their descriptions tell a user to (account URL, app credentials and token in
// the collection variables, `admin_token` disabled) and picks what to run:
//
// - Which requests: the ones whose action the app uses (profile, projects, tasks, costs, my
//   timer) and all four OAuth2 ones. The rest of the client API (members, comments, tags,
//   files, webhooks, project and task writes, the admin-only get_timers/stop_timer) is not
//   implemented by the simulator, because the app never calls it.
// - With which values: the vendor's requests leave their required parameters blank (the user
//   types them in Postman). Each step sends the request with its blanks filled from one of the
//   request's saved example responses, the one named in the plan — parameters the example
//   enables, values from the request unless blank, else from the example — with the example's
//   ids mapped to the simulator's (SIM_VALUES). Ids in the error examples (6623, 8563, 331895)
//   exist in neither account, so they stay.
// - Expectations: every step is checked against its example response: the HTTP status; for an
//   error example, the very same body; for a success, `status: "ok"` and the example's shape
//   (every field of the example present with the same JSON type; ABSENT lists the few the
//   simulator leaves out, and why). The collections carry no assertions of their own; their
//   scripts that save the tokens of a token or refresh answer run as they are, and the API
//   collection runs with the access token they saved last.
//
// After the run, the simulator's request log must show the token in the query string of every
// API request, where the collection's OAuth2 settings put it. Exits non-zero on any failed
// assertion, script error or request error.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import newman from 'newman';

const FIXTURES = new URL('../fixtures/postman/', import.meta.url);
const API_COLLECTION = 'ws_client_api_postman_collection.json';
const OAUTH_COLLECTION = 'ws_oauth2_postman_collection.json';

// The vendor's example values → the simulator's demo account (seed.rs). `{{id_costs}}` is the
// cost row the add_costs step created; the examples update and delete rows of their own account.
const SIM_VALUES = {
  6622: '6214', // project "Performance improvement" → "Website redesign"
  8562: '6214', // project "Owl brand launch", of task 331894 → "Website redesign" too
  330090: '331402', // task "Worksection implementation" → "Homepage wireframes"
  331894: '331405', // task "Development": dates, limits, subtasks → "Design system tokens"
  "name has 'Worksection'": "name has 'Homepage'", // a search that finds tasks in both
  3706: '{{id_costs}}',
  3690: '{{id_costs}}',
};

// Fields of the vendor's examples that the simulator's answers lack, and why. Paths as
// shapeProblems prints them (`[]`: any item of a list).
const TASK_EXTRAS = [
  // Extras the app never asks for: attached files, the last comments, dependencies.
  'files',
  'comments',
  'has_comments',
  'relations',
  // The time of day of a task's start and end dates: not modelled.
  'time_start',
  'time_end',
  // Subtasks of subtasks: the demo account has none.
  'child[].child',
  'child[].has_comments',
];
const ABSENT = {
  // More contact fields, shown only when set: the demo users have none.
  me: ['.data.phone2', '.data.phone3', '.data.phone4', '.data.address', '.data.address2'],
  get_all_tasks: TASK_EXTRAS.map((field) => `.data[].${field}`),
  get_tasks: TASK_EXTRAS.map((field) => `.data[].${field}`),
  get_task: TASK_EXTRAS.map((field) => `.data.${field}`),
  // A closed task's closing time: no cost row of the demo account is on a closed task.
  get_costs: ['.data[].task.date_closed'],
};

// Steps in order: [request name, example name]. The order makes each example's situation
// happen: a timer runs between the two start_my_timer steps and stops before the second
// stop_my_timer; the OAuth2 error steps run while the collection's variables still hold its
// placeholders (`<refresh_token>`, `<access_token>`), and the code is used a second time.
const OAUTH_PLAN = [
  ['oauth2_refresh', 'invalid_request'],
  ['oauth2_resource', 'not_authorized'],
  ['oauth2_authorize', null],
  ['oauth2_token', 'success'],
  ['oauth2_token', 'invalid_request'],
  ['oauth2_resource', 'success'],
  ['oauth2_refresh', 'success'],
  ['oauth2_resource', 'success'],
];
const API_PLAN = [
  ['me', 'success'],
  ['get_projects', 'success'],
  ['get_project', 'success'],
  ['get_project', 'error'],
  ['get_all_tasks', 'success'],
  ['get_tasks', 'success'],
  ['get_tasks', 'error'],
  ['get_task', 'success'],
  ['get_task', 'error'],
  ['search_tasks', 'success'],
  ['search_tasks', 'error'],
  ['get_costs', 'success'],
  ['get_costs_total', 'success'],
  ['add_costs', 'success'],
  ['add_costs', 'error'],
  ['update_costs', 'success'],
  ['delete_costs', 'success'],
  ['start_my_timer', 'success'],
  ['start_my_timer', 'error'],
  ['get_my_timer', 'success'],
  ['stop_my_timer', 'success'],
  ['stop_my_timer', 'error'],
];

// Differences between an answer and the vendor's example answer, as readable lines. Lists
// (and objects keyed by ids, like `tags`) are compared as one item with every field any of
// their items has: the vendor's optional fields (`date_closed`, `child`, …) appear on some
// items only, not necessarily the first.
function shapeProblems(ours, vendor, path, absent) {
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const byIds = (v) =>
    kind(v) === 'object' &&
    Object.keys(v).length > 0 &&
    Object.keys(v).every((k) => /^\d+$/.test(k));
  const asOne = (items) =>
    items.every((item) => kind(item) === 'object')
      ? Object.assign({}, ...items.reverse())
      : items[0];
  const where = path || '.';
  if (kind(ours) !== kind(vendor)) {
    return [`${where}: ${kind(ours)} ${JSON.stringify(ours)}, the example has ${kind(vendor)}`];
  }
  if (Array.isArray(vendor) || byIds(vendor)) {
    const theirs = Object.values(vendor);
    const mine = Object.values(ours);
    if (theirs.length === 0) return [];
    if (mine.length === 0) return [`${where}: empty, the example has items`];
    return shapeProblems(asOne(mine), asOne(theirs), `${path}[]`, absent);
  }
  if (kind(vendor) !== 'object') return [];
  return Object.keys(vendor).flatMap((key) => {
    const at = `${path}.${key}`;
    if (key in ours) return shapeProblems(ours[key], vendor[key], at, absent);
    return absent.includes(at) ? [] : [`${at}: missing`];
  });
}

function fail(message) {
  console.error(`newman: ${message}`);
  process.exit(1);
}

function readCollection(name) {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

function setVariable(collection, key, value) {
  const variable = collection.variable.find((v) => v.key === key);
  if (!variable) fail(`${collection.info.name} has no variable ${key}`);
  variable.value = value;
}

function requestsByName(collection) {
  const found = new Map();
  const walk = (items) =>
    items.forEach((item) => (item.item ? walk(item.item) : found.set(item.name, item)));
  walk(collection.item);
  return found;
}

const blank = (value) => value === null || value === undefined || value === '';
const simValue = (value) => SIM_VALUES[value] ?? value;

// The request's query with its blanks filled from the example's request.
function filledQuery(query, example) {
  if (!example) return query;
  const own = new Map(query.map((param) => [param.key, param.value]));
  return example.originalRequest.url.query
    .filter((param) => !param.disabled)
    .map((param) => ({
      key: param.key,
      value: simValue(blank(own.get(param.key)) ? (param.value ?? '') : own.get(param.key)),
    }));
}

// The test script of one step: the example's status, error body or success shape.
function expectations(name, example) {
  if (!example) return [];
  // Two of the examples were typed with trailing commas (`},\n]`), which JSON refuses.
  const expected = JSON.parse(example.body.replace(/,(\s*[\]}])/g, '$1'));
  const isError = expected.status === 'error' || 'error' in expected;
  const lines = [
    `const shapeProblems = ${shapeProblems.toString()};`,
    `const expected = ${JSON.stringify(expected)};`,
    `pm.test('HTTP ${example.code}', () => pm.response.to.have.status(${example.code}));`,
    'const body = pm.response.json();',
  ];
  if (isError) {
    lines.push(
      `pm.test('the example\\'s error', () => ` +
        `pm.expect(body, JSON.stringify(body)).to.eql(expected));`,
    );
  } else {
    if ('status' in expected) {
      lines.push(`pm.test('status "ok"', () => pm.expect(body.status).to.eql('ok'));`);
    }
    const absent = JSON.stringify(ABSENT[name] ?? []);
    lines.push(
      `pm.test('the example\\'s shape', () => {` +
        `const problems = shapeProblems(body, expected, '', ${absent});` +
        `pm.expect(problems, problems.join('; ')).to.be.empty; });`,
    );
  }
  if (name === 'add_costs' && !isError) {
    lines.push(`pm.collectionVariables.set('id_costs', String(body.id));`);
  }
  return lines;
}

// The collection with only the plan's steps, in its order, each with its expectations.
function planned(collection, plan, extraTests = {}) {
  const requests = requestsByName(collection);
  collection.item = plan.map(([name, exampleName]) => {
    const vendor = requests.get(name) ?? fail(`${collection.info.name} has no request ${name}`);
    const example =
      exampleName &&
      (vendor.response.find((r) => r.name === exampleName) ??
        fail(`${name} has no example ${exampleName}`));
    const item = structuredClone(vendor);
    item.name = exampleName ? `${name} (${exampleName})` : name;
    item.response = [];
    delete item.request.url.raw;
    item.request.url.query = filledQuery(item.request.url.query ?? [], example);
    // The vendor's own scripts (saving tokens) only make sense after a success.
    const events = (item.event ?? []).filter(
      (e) => e.listen !== 'test' || !example || example.name === 'success',
    );
    const tests = [...expectations(name, example), ...(extraTests[name] ?? [])];
    events.push({ listen: 'test', script: { type: 'text/javascript', exec: tests } });
    item.event = events;
    return item;
  });
  return collection;
}

// A URL as printed: tokens, codes and secrets cut to their first characters.
const shown = (url) =>
  url.replace(/((?:access_token|refresh_token|code|client_secret)=)([^&]{8})[^&]+/g, '$1$2…');

// Runs a collection, printing one line per request and per assertion (newman's cli reporter
// would print each ~700-character token in full). Resolves to newman's summary and the
// collection variables at the end (newman reports the collection as it was given).
function run(collection) {
  let variables = null;
  console.log(`\n${collection.info.name}`);
  return new Promise((resolve, reject) => {
    newman
      .run({ collection, reporters: [], timeoutRequest: 5000 }, (error, summary) => {
        if (error) return reject(error);
        const { requests, assertions } = summary.run.stats;
        console.log(
          `  ${requests.total} requests, ${assertions.total} assertions, ` +
            `${summary.run.failures.length} failures`,
        );
        for (const failure of summary.run.failures) {
          const { name, message } = failure.error;
          console.log(`  ✗ ${failure.source?.name}: ${name}: ${message}`);
        }
        resolve({ summary, variables });
      })
      .on('request', (error, { request, response, item }) => {
        const answer = error ? `✗ ${error.message}` : `${response.code}`;
        const url = shown(request.url.toString());
        console.log(`  ${item.name}: ${request.method} ${url} → ${answer}`);
      })
      .on('assertion', (error, { assertion }) => {
        console.log(error ? `    ✗ ${assertion}: ${error.message}` : `    ✓ ${assertion}`);
      })
      .on('script', (error, script) => {
        if (error) console.log(`    ✗ ${script.event.listen} script: ${error.message}`);
        variables = script.execution.collectionVariables;
      });
  });
}

// Starts the simulator on a free loopback port and reads what it prints.
async function startSimulator(binary) {
  const child = spawn(
    binary,
    ['--port', '0', '--seed', 'demo', '--auto-approve', '--no-rate-limit'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const printed = {};
  const timer = setTimeout(() => child.kill(), 10_000);
  for await (const line of createInterface({ input: child.stdout })) {
    for (const [, key, value] of line.matchAll(/(\w+)=(\S+)/g)) printed[key] = value;
    if ('client_id' in printed) break;
  }
  clearTimeout(timer);
  if (!printed.client_id) fail(`${binary} did not start`);
  return { child, ...printed };
}

const binary = process.argv[2] ?? fail('usage: node run.mjs path/to/worktray-sim');
const sim = await startSimulator(binary);
process.on('exit', () => sim.child.kill());

// The OAuth2 collection, set up as its description says. The authorize step stops at the
// redirect (a browser would follow it to the app) and keeps the code for the token step.
const oauth = readCollection(OAUTH_COLLECTION);
setVariable(oauth, 'oauth2_url', sim.WORKTRAY_AUTH_URL);
setVariable(oauth, 'client_id', sim.client_id);
setVariable(oauth, 'client_secret', sim.client_secret);
setVariable(oauth, 'redirect_url', sim.redirect_uri);
oauth.variable.push({ key: 'code', value: '' });
// The token example's code (the vendor's, long dead) → the one the authorize step got.
SIM_VALUES[
  requestsByName(oauth)
    .get('oauth2_token')
    .response.find((r) => r.name === 'success')
    .originalRequest.url.query.find((q) => q.key === 'code').value
] = '{{code}}';
planned(oauth, OAUTH_PLAN, {
  oauth2_authorize: [
    "pm.test('redirects with a code', () => pm.response.to.have.status(302));",
    "const [to, query] = (pm.response.headers.get('Location') || '').split('?');",
    `pm.test('to the app', () => pm.expect(to).to.eql(${JSON.stringify(sim.redirect_uri)}));`,
    "const code = /(?:^|&)code=([^&]*)/.exec(query || '');",
    "pm.test('with a code', () => pm.expect(code).to.be.an('array'));",
    "pm.collectionVariables.set('code', code ? decodeURIComponent(code[1]) : '');",
  ],
});
oauth.item.find((item) => item.name === 'oauth2_authorize').protocolProfileBehavior = {
  followRedirects: false,
};
const oauthRun = await run(oauth);

// The client API collection, with the access token the OAuth2 run ended with, used the way the
// collection's OAuth2 settings say (`addTokenTo: queryParams`).
const accessToken = oauthRun.variables?.get('access_token');
if (!accessToken || accessToken.startsWith('<')) fail('the OAuth2 run gave no access token');
const api = readCollection(API_COLLECTION);
setVariable(api, 'account_url', sim.WORKTRAY_ACCOUNT_URL);
api.variable.find((v) => v.key === 'admin_token').disabled = true;
api.variable.push({ key: 'id_costs', value: '' });
api.auth.oauth2.find((p) => p.key === 'accessToken').value = accessToken;
const apiRun = await run(planned(api, API_PLAN));

const failures = [...oauthRun.summary.run.failures, ...apiRun.summary.run.failures];
const log = await (await fetch(`${sim.WORKTRAY_AUTH_URL}/_sim/log`)).json();
const apiRequests = log.filter((entry) => entry.action);
const notInQuery = apiRequests.filter((entry) => !entry.token_in.includes('query'));
if (apiRequests.length !== API_PLAN.length) {
  failures.push(`${apiRequests.length} API requests logged, ${API_PLAN.length} planned`);
} else if (notInQuery.length) {
  failures.push(`token not in the query string: ${JSON.stringify(notInQuery)}`);
} else {
  console.log(`✓ all ${apiRequests.length} API requests had their token in the query string`);
}
if (failures.length) fail(`${failures.length} failure(s) against the simulator`);
const total = OAUTH_PLAN.length + API_PLAN.length;
console.log(`✓ the vendor's Postman collections pass against the simulator (${total} requests)`);
// newman's keep-alive connections and the simulator's pipe would keep Node running.
process.exit(0);
