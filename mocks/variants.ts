/**
 * Deliberately broken simulators, each departing from exactly one documented rule. The self-tests run the whole
 * suite against every one and require it to fail, on the clause named here.
 */
import { decodeUserSig, verifyUserSig, type UserSigVerdict } from '../src/usersig';
import type { MockConfig } from './config';
import { fail, ok, Simulator, type Command, type Reply, type SimRequest, type SimResponse } from './simulator';

type Body = Record<string, unknown>;

export interface Variant {
  /** The clause whose documented expectation the variant breaks: the suite must report it as failed. */
  breaks: string;
  make: (config: MockConfig) => Simulator;
}

type Expected = { sdkappid: number; identifier: string; key: string };

/** A simulator whose UserSig verification skips one documented check and keeps the others. */
function verifierSkipping(skip: 'sdkappid-mismatch' | 'identifier-mismatch' | 'expired' | 'bad-hmac') {
  return class extends Simulator {
    protected override verify(usersig: string, expected: Expected): UserSigVerdict {
      const v = super.verify(usersig, expected);
      if (v.ok || v.reason !== skip) return v;
      if (skip === 'bad-hmac') return { ok: true, fields: { ...expected, time: 0, expire: 0 } };
      const doc = decodeUserSig(usersig)!;
      const relaxed = {
        ...expected,
        ...(skip === 'sdkappid-mismatch' ? { sdkappid: doc['TLS.sdkappid'] as number } : {}),
        ...(skip === 'identifier-mismatch' ? { identifier: doc['TLS.identifier'] as string } : {}),
      };
      return verifyUserSig(usersig, relaxed, skip === 'expired' ? 0 : this.nowSeconds());
    }
  };
}

export const variants: Record<string, Variant> = {
  'error-http-400': {
    breaks: 'response.http-200',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          return { ...super.respond(r), status: r.ErrorCode === 0 ? 200 : 400 };
        }
      })(c),
  },
  'error-page-echoes-url': {
    // Like a debug error page: the failure carries the request URL, usersig included, so a run against it also
    // proves that no credential a target sends back reaches the reports.
    breaks: 'response.http-200',
    make: (c) =>
      new (class extends Simulator {
        override handle(req: SimRequest): SimResponse {
          const r = super.handle(req);
          const code = (JSON.parse(r.body) as Reply).ErrorCode;
          if (code === 0) return r;
          return { ...r, status: 500, body: JSON.stringify({ ...fail(code), ErrorInfo: `failed: ${req.method} ${req.url}` }) };
        }
      })(c),
  },
  'error-code-as-string': {
    breaks: 'response.envelope',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          return super.respond({ ...r, ErrorCode: String(r.ErrorCode) as unknown as number });
        }
      })(c),
  },
  'error-info-missing': {
    breaks: 'response.envelope',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          const { ErrorInfo: _dropped, ...rest } = r;
          return super.respond(rest as Reply);
        }
      })(c),
  },
  'ok-status-on-error': {
    breaks: 'response.ok-iff-zero',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          return super.respond({ ...r, ActionStatus: 'OK' });
        }
      })(c),
  },
  'peer-account-optional': {
    breaks: 'request.peer-account.required',
    make: (c) =>
      new (class extends Simulator {
        protected override setMsgRead(b: Body): Reply {
          return b.Peer_Account === undefined ? ok() : super.setMsgRead(b);
        }
      })(c),
  },
  'accounts-not-checked': {
    breaks: 'request.account.exists',
    make: (c) =>
      new (class extends Simulator {
        protected override account(value: unknown, missingCode: number): string | Reply {
          return typeof value === 'string' && value !== '' ? value : super.account(value, missingCode);
        }
      })(c),
  },
  'account-type-coerced': {
    breaks: 'request.account.string',
    make: (c) =>
      new (class extends Simulator {
        protected override account(value: unknown, missingCode: number): string | Reply {
          return super.account(value === undefined || value === null ? value : String(value), missingCode);
        }
      })(c),
  },
  'parse-failure-as-account-error': {
    breaks: 'request.body.json',
    make: (c) =>
      new (class extends Simulator {
        protected override decodeBody(bytes: Uint8Array): unknown {
          return super.decodeBody(bytes) ?? {};
        }
      })(c),
  },
  'msg-read-time-string-refused': {
    breaks: 'request.msg-read-time.string',
    make: (c) =>
      new (class extends Simulator {
        protected override msgReadTime(value: unknown): number | undefined | Reply {
          return typeof value === 'string' ? fail(90001) : super.msgReadTime(value);
        }
      })(c),
  },
  'sdkappid-unchecked': {
    breaks: 'auth.sdkappid.known',
    make: (c) =>
      new (class extends Simulator {
        protected override appKey(): string {
          return this.config.secretKey;
        }
      })(c),
  },
  'usersig-hmac-unchecked': { breaks: 'auth.usersig.key', make: (c) => new (verifierSkipping('bad-hmac'))(c) },
  'usersig-expiry-unchecked': { breaks: 'auth.usersig.unexpired', make: (c) => new (verifierSkipping('expired'))(c) },
  'usersig-identifier-unchecked': { breaks: 'auth.usersig.identifier', make: (c) => new (verifierSkipping('identifier-mismatch'))(c) },
  'usersig-sdkappid-unchecked': { breaks: 'auth.usersig.sdkappid', make: (c) => new (verifierSkipping('sdkappid-mismatch'))(c) },
  'non-admin-allowed': {
    breaks: 'auth.identifier.admin',
    make: (c) =>
      new (class extends Simulator {
        protected override isAdmin(): boolean {
          return true;
        }
      })(c),
  },
  'rate-limit-absent': {
    breaks: 'rate-limit.refuses-over-limit',
    make: (c) =>
      new (class extends Simulator {
        protected override admit(): boolean {
          return true;
        }
      })(c),
  },
  'rate-limit-wrong-code': {
    breaks: 'rate-limit.refuses-over-limit',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          return super.respond(r.ErrorCode === 60007 ? fail(90001) : r);
        }
      })(c),
  },
  'rate-limit-http-429': {
    breaks: 'response.http-200',
    make: (c) =>
      new (class extends Simulator {
        protected override respond(r: Reply): SimResponse {
          return { ...super.respond(r), status: r.ErrorCode === 60007 ? 429 : 200 };
        }
      })(c),
  },
  'rate-limit-100': {
    breaks: 'rate-limit.accepts-under-limit',
    make: (c) => new Simulator({ ...c, rateLimit: 100 }),
  },
  'rate-limit-sticky': {
    breaks: 'rate-limit.recovers',
    make: (c) =>
      new (class extends Simulator {
        private blockedUntil = 0;
        protected override admit(command: Command): boolean {
          const now = this.config.now();
          if (command.command === 'admin_set_msg_read' && now < this.blockedUntil) return false;
          const admitted = super.admit(command);
          if (!admitted) this.blockedUntil = now + 5000;
          return admitted;
        }
      })(c),
  },
  'mark-read-noop': {
    breaks: 'effect.marks-conversation-read',
    make: (c) =>
      new (class extends Simulator {
        protected override markRead(): void {}
      })(c),
  },
  'mark-read-both-directions': {
    breaks: 'effect.other-direction-untouched',
    make: (c) =>
      new (class extends Simulator {
        protected override markRead(report: string, peer: string, upTo: number | undefined): void {
          super.markRead(report, peer, upTo);
          super.markRead(peer, report, upTo);
        }
      })(c),
  },
  'mark-read-all-peers': {
    breaks: 'effect.other-conversations-untouched',
    make: (c) =>
      new (class extends Simulator {
        protected override markRead(report: string, _peer: string, upTo: number | undefined): void {
          for (const peer of this.state.peersOf(report)) super.markRead(report, peer, upTo);
        }
      })(c),
  },
  'rate-limit-400': {
    breaks: 'rate-limit.refuses-over-limit',
    make: (c) => new Simulator({ ...c, rateLimit: 400 }),
  },
  'msg-read-time-ignored': {
    breaks: 'effect.msg-read-time-boundary',
    make: (c) =>
      new (class extends Simulator {
        protected override markRead(report: string, peer: string): void {
          super.markRead(report, peer, undefined);
        }
      })(c),
  },
};

export function makeSimulator(config: MockConfig, variant?: string): Simulator {
  if (variant === undefined) return new Simulator(config);
  const v = variants[variant];
  if (!v) throw new Error(`unknown variant ${variant}; known: ${Object.keys(variants).join(', ')}`);
  return v.make(config);
}
