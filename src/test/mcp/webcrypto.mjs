// Node 18 (the oldest the SDK supports; Debian bookworm has it) offers WebCrypto as a global only with a flag
// in upstream builds; jose and the MCP SDK use that global. Imported first, before them.
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) {
  globalThis.crypto = webcrypto;
}
