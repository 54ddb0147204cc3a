import type { ConsoleAuth } from '@/lib/auth/auth';
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from '@/lib/auth/auth';
import { OIDC_PASSWORD } from '@/emulator/oidc/provider';

/**
 * A browser's part in a company sign-in, without a browser: cookie jars for the console (answered in-process by
 * better-auth's handler) and the identity provider (a real one on a loopback port), redirects followed by hand.
 */

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  has(name: RegExp): boolean {
    return [...this.cookies.keys()].some((key) => name.test(key));
  }
}

export type CallbackAnswer = { location: string; error: string | null; signedIn: boolean };

export class SsoBrowser {
  readonly console = new CookieJar();
  readonly idp = new CookieJar();

  constructor(
    private readonly auth: ConsoleAuth,
    private readonly base: string,
  ) {}

  private consoleRequest(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', this.console.header());
    headers.set(CLIENT_IP_HEADER, '203.0.113.50');
    headers.set(REQUEST_ID_HEADER, 'req-sso');
    return this.auth.handler(new Request(new URL(path, this.base), { ...init, headers }));
  }

  /** The sign-in button: better-auth answers with the provider's authorization URL and sets its state cookie. */
  async start(body: Record<string, unknown> = {}): Promise<Response> {
    const response = await this.consoleRequest('/api/auth/sign-in/social', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ provider: 'sso', callbackURL: '/', errorCallbackURL: '/sign-in', ...body }),
    });
    this.console.take(response);
    return response;
  }

  /** Signs in at the provider's own login page; resolves with the console callback URL it redirects to. */
  async signInAtProvider(authorizationUrl: string, email: string, password = OIDC_PASSWORD): Promise<string> {
    let url = authorizationUrl;
    let form: URLSearchParams | null = null;
    for (let hop = 0; hop < 10; hop++) {
      if (url.startsWith(this.base)) return url;
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie: this.idp.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ?? undefined,
      });
      this.idp.take(response);
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        form = null;
        continue;
      }
      const page = await response.text();
      const action = page.match(/<form method="post" action="([^"]+)"/)?.[1];
      if (response.status !== 200 || !action) throw new Error(`the provider answered ${response.status}: ${page.slice(0, 300)}`);
      if (page.includes('role="alert"')) throw new Error(`the provider refused the login of ${email}`);
      url = new URL(action, url).href;
      form = new URLSearchParams({ email, password });
    }
    throw new Error('too many redirects at the provider');
  }

  /** The provider's redirect back, answered by the console. */
  async callback(callbackUrl: string): Promise<CallbackAnswer> {
    const response = await this.consoleRequest(new URL(callbackUrl).pathname + new URL(callbackUrl).search);
    this.console.take(response);
    const location = response.headers.get('location') ?? '';
    const signedIn = response.headers.getSetCookie().some((cookie) => /session_token=[^;]+/.test(cookie));
    return { location, error: new URL(location, this.base).searchParams.get('error'), signedIn };
  }

  /** The whole round trip for one account. */
  async signIn(email: string): Promise<CallbackAnswer> {
    const started = await this.start();
    const { url } = (await started.json()) as { url: string };
    return this.callback(await this.signInAtProvider(url, email));
  }

  /** The session cookie this browser holds, as request headers for resolveSessionUser. */
  sessionHeaders(): Headers {
    return new Headers({ cookie: this.console.header() });
  }
}
