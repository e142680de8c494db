// How a docs site's TypeScript uses certchain.js; tests/e2e/embed.test.mjs type-checks it with
// `tsc --strict` against web/embed/certchain.d.ts. The @ts-expect-error lines must stay errors.
import { init, analyze, emit, explain, commands } from '../../web/embed/certchain.js';
import type { Report, Finding, CertSummary, Input, OutputFile } from '../../web/embed/certchain.js';

export async function check(pem: string, der: Uint8Array): Promise<string> {
  await init();
  const inputs: Input[] = [{ name: 'chain.pem', text: pem }, { name: 'leaf.der', bytes: der, password: 'secret' }];
  const report: Report = analyze(inputs, { flow: 'inbound', trust: 'salesforce', time: '2026-06-01T00:00:00Z' });
  const headline: Finding | undefined = report.findings[0];
  const leaf: CertSummary | undefined = report.chain[0];
  const days: number = leaf?.days_left ?? 0;
  const matched = report.keys.map((k) => (k.algorithm.type === 'rsa' ? `RSA ${k.algorithm.bits}` : k.algorithm.type));
  const store = report.trust_store.snapshot_date;
  analyze(inputs, { trust: [{ name: 'root.pem', text: pem }], host: ['api.example.com'], time: 1780272000, purpose: 'server' });
  analyze(inputs, { time: new Date(), flow: 'csr' });

  const { files, skipped } = emit(inputs, { keystorePassword: 'changeit', alias: 'api_client' });
  const sizes = files.map((f: OutputFile) => (f.text !== undefined ? f.text.length : f.bytes.length));
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`);
  const explained = explain('error 20 at 0 depth lookup', inputs);
  const codes = explained.explanations.flatMap((e) => e.checks);
  const cause = explained.explanations[0]?.cause?.summary;
  const curl = commands(inputs, { myDomain: 'acme' }).map((c) => c.command);

  // @ts-expect-error: an unknown flow
  analyze(inputs, { flow: 'sideways' });
  // @ts-expect-error: an input needs bytes or text
  analyze([{ name: 'x.pem' }]);
  // @ts-expect-error: not both
  analyze([{ name: 'x.pem', text: pem, bytes: der }]);
  // @ts-expect-error: unknown option
  analyze(inputs, { flw: 'inbound' });
  // @ts-expect-error: the verdict is a boolean
  const wrong: string = report.valid;

  return [headline?.title, days, matched, store, sizes, reasons, codes, cause, curl, wrong].join('\n');
}
