// An MCP client built on the official MCP TypeScript SDK, reaching the test's MCP server through
// Jeton the way the MCP authorization spec describes, with everything OAuth left to the SDK:
// the 401 and its RFC 9728 metadata, Jeton's RFC 8414 metadata, the client's identity (dynamic
// registration, RFC 7591, or a client ID metadata document URL), the authorization request with
// PKCE and resource (RFC 8707), the token request, and the refresh when the access token expires.
//
//   node client.mjs --server URL [--registration-endpoint URL] [--client-metadata-url URL]
//   environment: MCP_INITIAL_ACCESS_TOKEN, sent with the registration request when set (RFC 7591 §3)
//
// The person in front of the browser is the Java test: this prints the authorization URL and waits on
// its loopback redirect URI (RFC 8252 §7.3) for the browser to come back. Each line on stdout is a JSON
// event the Java test reads; the last one is {"step":"done"} or {"step":"error"}.
import './webcrypto.mjs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string' },
    'registration-endpoint': { type: 'string' },
    'client-metadata-url': { type: 'string' },
  },
});
const serverUrl = new URL(args.server);
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

// the loopback redirect URI: any free port, chosen before the client identifies itself
let deliverCallback;
const callbackReceived = new Promise((resolve) => { deliverCallback = resolve; });
const callbackServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname !== '/callback') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Signed in</title><p>You can close this window.</p>');
  deliverCallback(url.searchParams);
});
await new Promise((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
const redirectUrl = `http://127.0.0.1:${callbackServer.address().port}/callback`;

/** What a desktop MCP client keeps: in memory here, one sign-in per run. */
class TestClientProvider {
  constructor() {
    this.expectedState = randomBytes(16).toString('base64url');
    if (args['client-metadata-url']) {
      this.clientMetadataUrl = args['client-metadata-url'];
    }
  }

  get redirectUrl() { return redirectUrl; }

  get clientMetadata() {
    return {
      client_name: 'Jeton MCP end-to-end test',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      // RFC 7591 members only, as a stock MCP client registers: no resources (Jeton gives such a client the
      // operator's jeton.resources.allowed), so the resource comes from the authorization request alone
    };
  }

  state() { return this.expectedState; }
  clientInformation() { return this.client; }
  saveClientInformation(information) {
    this.client = information;
    emit({ step: 'client', client_id: information.client_id, registered: 'client_id_issued_at' in information });
  }
  tokens() { return this.current; }
  saveTokens(tokens) {
    this.current = tokens;
    emit({ step: 'tokens', access_token: tokens.access_token, refresh_token: tokens.refresh_token,
      expires_in: tokens.expires_in, scope: tokens.scope, token_type: tokens.token_type });
  }
  redirectToAuthorization(url) { emit({ step: 'authorize', url: url.toString() }); }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  invalidateCredentials(scope) { emit({ step: 'invalidate', scope }); }
}

// RFC 7591 §3: where the operator does not allow open registration, the registration request carries
// an initial access token; the SDK lets a client add it through its fetch
const initialAccessToken = process.env.MCP_INITIAL_ACCESS_TOKEN;
const registrationEndpoint = args['registration-endpoint'];
const fetchWithRegistrationToken = (url, init) => {
  if (initialAccessToken && registrationEndpoint && init?.method === 'POST' && String(url) === registrationEndpoint) {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${initialAccessToken}`);
    return fetch(url, { ...init, headers });
  }
  return fetch(url, init);
};

const provider = new TestClientProvider();
const transportOptions = { authProvider: provider, fetch: fetchWithRegistrationToken };

async function connect() {
  const client = new Client({ name: 'jeton-mcp-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(serverUrl, transportOptions));
  return client;
}

async function whoami(client) {
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  const text = result.content?.[0]?.text;
  emit({ step: 'called', isError: result.isError ?? false, result: text ? JSON.parse(text) : result });
}

try {
  emit({ step: 'listening', redirect_uri: redirectUrl });
  // the first connection meets the server's 401: the SDK discovers, identifies the client and sends
  // the person to Jeton
  try {
    await connect();
    throw new Error('the MCP server answered without a token');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) {
      throw e;
    }
  }
  const callback = await callbackReceived;
  emit({ step: 'callback', params: Object.fromEntries(callback) });
  // the application's part of RFC 6749 §10.12 and RFC 9207: the response is ours and from Jeton
  if (callback.get('state') !== provider.expectedState) {
    throw new Error('state mismatch');
  }
  if (callback.has('error')) {
    throw new Error(`authorization error ${callback.get('error')}: ${callback.get('error_description')}`);
  }
  const authorizationServer = (await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp',
    serverUrl))).json()).authorization_servers[0];
  if (callback.get('iss') !== authorizationServer) {
    throw new Error(`iss ${callback.get('iss')} is not ${authorizationServer}`);
  }
  // the code for tokens: the SDK's token request, with the verifier and the resource
  const authTransport = new StreamableHTTPClientTransport(serverUrl, transportOptions);
  await authTransport.finishAuth(callback.get('code'));

  const client = await connect();
  await whoami(client);

  // wait out the access token (the test gives tokens for this server a short lifetime): the next call
  // meets a 401 and the SDK refreshes, then calls again
  const exp = claimsOf(provider.tokens().access_token).exp;
  const wait = Math.max(0, exp * 1000 + 1100 - Date.now());
  emit({ step: 'waiting', ms: wait });
  await new Promise((resolve) => setTimeout(resolve, wait));
  await whoami(client);
  await client.close();
  emit({ step: 'done' });
} catch (e) {
  emit({ step: 'error', message: String(e?.stack ?? e) });
  process.exitCode = 1;
} finally {
  callbackServer.close();
}
