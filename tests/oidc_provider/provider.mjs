// A real OpenID Connect provider (panva/oidc-provider, certified) for Parley's login tests.
//
// Usage: node provider.mjs <port> <client_id> <client_secret> <redirect_uri>[,<redirect_uri>…]
// Prints "ready <issuer>" on stdout once listening. Everything is kept in memory.
//
// Accounts: any login name is accepted (with any non-empty password) and becomes `sub`.
// A login starting with "unverified" gets email_verified=false.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUris] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || !redirectUris) {
  console.error('usage: node provider.mjs <port> <client_id> <client_secret> <redirect_uris>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['parley-test-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'picture', 'profile', 'preferred_username'],
  },
  // Put the requested claims into the id_token itself, which Authlib returns as token["userinfo"].
  conformIdTokenClaims: false,
  pkce: { required: () => true, methods: ['S256'] },
  features: { devInteractions: { enabled: true } },
  // Skip the consent screen for the test client: the login form is enough.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          name: `Test User ${id}`,
          preferred_username: id,
          email: `${id}@example.test`,
          email_verified: !id.startsWith('unverified'),
          picture: `https://avatars.example.test/${encodeURIComponent(id)}.png`,
          profile: `https://people.example.test/${encodeURIComponent(id)}`,
        };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
