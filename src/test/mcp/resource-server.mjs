// A minimal MCP server protected by Jeton, as an operator would put one behind it: the MCP SDK's
// McpServer with one tool over the Streamable HTTP transport, answering only requests that carry an
// access token Jeton issued for this server.
//
//   node resource-server.mjs --port P --issuer ISSUER
//
// Its resource URI (RFC 8707) is http://127.0.0.1:P/mcp. It checks every token itself (RFC 9068 §4):
// the signature against Jeton's JWKS (from Jeton's RFC 8414 metadata), typ at+jwt, iss, exp, and aud
// naming this server; anything else is 401 invalid_token (RFC 6750 §3.1). Without a token it answers
// 401 with the URL of its RFC 9728 metadata in WWW-Authenticate, which names Jeton as its
// authorization server. Each line on stdout is a JSON event the Java test reads.
import './webcrypto.mjs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const { values: args } = parseArgs({ options: { port: { type: 'string' }, issuer: { type: 'string' } } });
const port = Number(args.port);
const issuer = args.issuer;
const origin = `http://127.0.0.1:${port}`;
const resource = `${origin}/mcp`;
// RFC 9728 §3.1: the metadata of a resource with a path lives at the well-known path followed by it
const metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
const metadata = {
  resource,
  authorization_servers: [issuer],
  scopes_supported: ['api.read'],
  bearer_methods_supported: ['header'],
  resource_name: 'Jeton test MCP server',
};

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

// the JWKS URI comes from Jeton's own metadata, fetched once
let jwks;
async function keys() {
  if (!jwks) {
    const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    if (!response.ok) {
      throw new Error(`authorization server metadata: ${response.status}`);
    }
    jwks = createRemoteJWKSet(new URL((await response.json()).jwks_uri));
  }
  return jwks;
}

/** The verified claims of the request's bearer token, or a refusal ({ error, description }). */
async function authenticate(req) {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
  if (!match) {
    // RFC 6750 §3.1: a request without credentials gets no error code
    return { refused: { error: null, description: header ? 'malformed Authorization header' : 'no token' } };
  }
  try {
    const { payload } = await jwtVerify(match[1], await keys(), {
      issuer,
      audience: resource,
      typ: 'at+jwt',
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['exp', 'iat', 'sub', 'jti', 'client_id'],
    });
    return { token: match[1], payload };
  } catch (e) {
    return { refused: { error: 'invalid_token', description: `${e.code ?? 'ERR'}: ${e.message}` } };
  }
}

function unauthorized(res, refused) {
  const params = [`resource_metadata="${metadataUrl}"`, 'scope="api.read"'];
  if (refused.error) {
    params.push(`error="${refused.error}"`, `error_description="${refused.description.replace(/["\\]/g, "'")}"`);
  }
  res.writeHead(401, { 'WWW-Authenticate': `Bearer ${params.join(', ')}`, 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: refused.error ?? 'unauthorized' }));
}

/** One McpServer per request: the stateless Streamable HTTP mode, which needs no session across tokens. */
function mcpServer() {
  const server = new McpServer({ name: 'jeton-test-mcp', version: '1.0.0' });
  server.registerTool('whoami', {
    description: 'Says whose token called it: the subject, the client and the token id',
  }, async (extra) => {
    const claims = extra.authInfo.extra.claims;
    const answer = { sub: claims.sub, client_id: claims.client_id, jti: claims.jti, aud: claims.aud };
    emit({ event: 'tool', ...answer });
    return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
  });
  return server;
}

async function handle(req, res) {
  const path = new URL(req.url, origin).pathname;
  if (req.method === 'GET' && (path === '/.well-known/oauth-protected-resource/mcp'
      || path === '/.well-known/oauth-protected-resource')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(metadata));
    return;
  }
  if (path !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  const result = await authenticate(req);
  if (result.refused) {
    emit({ event: 'refused', method: req.method, ...result.refused });
    unauthorized(res, result.refused);
    return;
  }
  if (req.method === 'GET') {
    // no server-initiated stream in this stateless server (the Streamable HTTP transport allows 405)
    res.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  const p = result.payload;
  req.auth = {
    token: result.token,
    clientId: p.client_id,
    scopes: typeof p.scope === 'string' ? p.scope.split(' ') : [],
    expiresAt: p.exp,
    resource: new URL(resource),
    extra: { claims: p },
  };
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

const httpServer = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    emit({ event: 'error', message: String(e?.stack ?? e) });
    if (!res.headersSent) {
      res.writeHead(500).end();
    }
  });
});
httpServer.listen(port, '127.0.0.1', () => emit({ event: 'ready', resource, metadata: metadataUrl }));
