// An independent OAuth2 server for the integration tests: the `oauth2-mock-server` package from
// the npm registry, set up to answer the way Worksection does (see
// shared/worksection/oauth-and-errors.md):
//
// - authorize at /oauth2/authorize, token at /oauth2/token, and refresh at its OWN path,
//   /oauth2/refresh (the library serves one token path; this file routes the second one to the
//   same handler and tells the two apart);
// - a confidential client: client_id + client_secret in the form body of every token call,
//   refused otherwise with Worksection's `invalid_client` body;
// - the token answer has Worksection's shape, with the non-standard `account_url` (the API base),
//   a 24-hour lifetime, a `def50200…` refresh token and no `id_token`/`scope`;
// - refresh tokens ROTATE: each refresh issues a new pair and kills the refresh token it used; a
//   dead or unknown one gets `{"error":"invalid_request","errorDescription":"Cannot decrypt the
//   refresh token"}`;
// - authorization codes are single-use, live 10 minutes and are bound to their client and
//   redirect URI;
// - OAuth error bodies use camelCase `errorDescription` and, as in the vendor's examples, HTTP 200
//   (change with --error-status).
//
// Every request is recorded (method, path, grant type, where the client secret was) and served at
// GET /_log as JSON; each record is also printed on stderr.
//
// Usage: node server.mjs [--port 0] [--host 127.0.0.1] [--client-id ID] [--client-secret SECRET]
//                        [--account-url URL] [--redirect-uri URI] [--error-status 200]
//                        [--strict-pkce] [--keep-running]
// --strict-pkce refuses a code exchange without `code_verifier` when the authorize request sent
// a `code_challenge` (RFC 7636 §4.6, what PKCE-honouring servers do; the library alone only checks
// a verifier that is present). Worksection documents no PKCE, so it is off by default.
// Prints `listening http://HOST:PORT` on stdout once it accepts connections. Exits when stdin
// closes (unless --keep-running), on SIGTERM and on SIGINT.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string', default: 'worktray-test-client' },
    'client-secret': { type: 'string', default: 'worktray-test-secret' },
    'account-url': { type: 'string', default: 'https://worktray-test.worksection.com' },
    'redirect-uri': { type: 'string' },
    'error-status': { type: 'string', default: '200' },
    'strict-pkce': { type: 'boolean', default: false },
    'keep-running': { type: 'boolean', default: false },
  },
});

let OAuth2Server;
try {
  ({ OAuth2Server } = await import('oauth2-mock-server'));
} catch (error) {
  process.stderr.write(
    `oauth2-mock-server is not installed (${error.code ?? error.message}): run \`npm ci --prefix tests/oauth-mock\`\n`,
  );
  process.exit(2);
}

const LIFETIME_SECONDS = 24 * 3600;
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const errorStatus = Number(options['error-status']);
const clientId = options['client-id'];
const clientSecret = options['client-secret'];

const mock = new OAuth2Server(undefined, undefined, {
  endpoints: { authorize: '/oauth2/authorize', token: '/oauth2/token' },
});
await mock.issuer.keys.generate('RS256');
const service = mock.service;
const app = service.requestHandler;

/** Requests in arrival order, for GET /_log. */
const log = [];
/** Authorization codes handed out: code → { clientId, redirectUri, expiresAt, used }. */
const codes = new Map();
/** Refresh tokens that still work: token → client id. */
const liveRefreshTokens = new Map();

function refuse(response, req, error, description) {
  response.statusCode = errorStatus;
  response.body = { error, errorDescription: description };
  if (req.worksection) req.worksection.refused = error;
}

// The authorize redirect: remember the code, so it can be used once, by its client, with its
// redirect URI.
service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const code = redirect.url.searchParams.get('code');
  if (code) {
    codes.set(code, {
      clientId: req.query.client_id,
      redirectUri: req.query.redirect_uri,
      challenged: typeof req.query.code_challenge === 'string' && req.query.code_challenge !== '',
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      used: false,
    });
  }
});

// Access tokens live as long as Worksection's.
service.on('beforeTokenSigning', (token) => {
  token.payload.exp = token.payload.iat + LIFETIME_SECONDS;
});

// Every answer of the token handler passes here: the Worksection rules are applied, and a
// successful answer is given Worksection's shape.
service.on('beforeResponse', (response, req) => {
  const record = req.worksection;
  const body = req.body ?? {};
  const endpoint = record?.path ?? '/oauth2/token';
  if (record) {
    record.grant_type = body.grant_type ?? null;
    record.client_id = body.client_id ?? null;
    record.client_secret_in_body = typeof body.client_secret === 'string' && body.client_secret !== '';
    record.code_verifier_in_body = typeof body.code_verifier === 'string';
  }
  if (response.statusCode !== 200 || !response.body || response.body.error) {
    return; // the library refused it already
  }
  if (body.client_id !== clientId || body.client_secret !== clientSecret) {
    return refuse(response, req, 'invalid_client', 'Client authentication failed');
  }
  if (endpoint === '/oauth2/refresh') {
    if (body.grant_type !== 'refresh_token') {
      return refuse(response, req, 'unsupported_grant_type', 'Only refresh_token is accepted at /oauth2/refresh');
    }
    const owner = liveRefreshTokens.get(body.refresh_token);
    if (owner === undefined || owner !== body.client_id) {
      return refuse(response, req, 'invalid_request', 'Cannot decrypt the refresh token');
    }
    liveRefreshTokens.delete(body.refresh_token); // rotation: the used token is dead now
  } else {
    if (body.grant_type !== 'authorization_code') {
      return refuse(
        response,
        req,
        'unsupported_grant_type',
        'Only authorization_code is accepted at /oauth2/token; refresh at /oauth2/refresh',
      );
    }
    const code = codes.get(body.code);
    if (!code || code.used || code.expiresAt < Date.now()) {
      return refuse(response, req, 'invalid_grant', 'Authorization code has expired or was already used');
    }
    code.used = true;
    if (code.clientId !== body.client_id || code.redirectUri !== body.redirect_uri) {
      return refuse(response, req, 'invalid_grant', 'Authorization code was not issued to this client or redirect URI');
    }
    if (options['strict-pkce'] && code.challenged && typeof body.code_verifier !== 'string') {
      return refuse(response, req, 'invalid_grant', 'code_verifier required: the authorization request had a code_challenge');
    }
  }
  const refreshToken = `def50200${randomBytes(320).toString('hex')}`;
  liveRefreshTokens.set(refreshToken, body.client_id);
  response.body = {
    // The vendor's own examples disagree on the case; answer both spellings.
    token_type: endpoint === '/oauth2/refresh' ? 'bearer' : 'Bearer',
    expires_in: LIFETIME_SECONDS,
    access_token: response.body.access_token,
    refresh_token: refreshToken,
    account_url: options['account-url'],
  };
  if (record) record.issued = true;
});

// Library failures (a malformed token request, say) as an OAuth error body instead of an HTML
// page. Added after the library's routes, so it only sees their errors.
app.use((error, _req, res, _next) => {
  res.status(errorStatus).json({ error: 'invalid_request', errorDescription: String(error?.message ?? error) });
});

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/_log') {
    return json(res, 200, log);
  }
  const record = {
    method: req.method,
    path: url.pathname,
    client_secret_in_query: url.searchParams.has('client_secret'),
    basic_auth: /^basic /i.test(req.headers.authorization ?? ''),
  };
  log.push(record);
  res.on('finish', () => {
    record.status = res.statusCode;
    process.stderr.write(`oauth-mock: ${JSON.stringify(record)}\n`);
  });

  if (url.pathname === '/oauth2/authorize') {
    record.client_id = url.searchParams.get('client_id');
    record.scope = url.searchParams.get('scope');
    record.code_challenge = url.searchParams.has('code_challenge');
    if (req.method !== 'GET') return json(res, 405, { error: 'invalid_request', errorDescription: 'Use GET' });
    if (record.client_id !== clientId) {
      return json(res, 400, { error: 'invalid_client', errorDescription: 'Unknown client' });
    }
    const registered = options['redirect-uri'];
    if (registered !== undefined && url.searchParams.get('redirect_uri') !== registered) {
      return json(res, 400, { error: 'invalid_request', errorDescription: 'The redirect URI does not match the registered one' });
    }
  } else if (url.pathname === '/oauth2/token' || url.pathname === '/oauth2/refresh') {
    if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request', errorDescription: 'Use POST' });
    // The library knows one token path; send the refresh path to the same handler and let the
    // hooks above tell them apart.
    req.worksection = record;
    req.url = `/oauth2/token${url.search}`;
  } else if (url.pathname !== '/jwks' && url.pathname !== '/.well-known/openid-configuration') {
    return json(res, 404, { error: 'not_found', errorDescription: `No endpoint at ${url.pathname}` });
  }
  app(req, res);
});

server.listen(Number(options.port), options.host, () => {
  const { address, port } = server.address();
  const host = address.includes(':') ? `[${address}]` : address;
  mock.issuer.url = `http://${host}:${port}`;
  process.stdout.write(`listening http://${host}:${port}\n`);
});
server.on('error', (error) => {
  process.stderr.write(`oauth-mock: cannot listen: ${error.message}\n`);
  process.exit(1);
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (!options['keep-running']) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
