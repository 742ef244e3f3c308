/**
 * The demo data's scale on the command line and in the environment (issue 17 §7,
 * docs/deployment.md `DEMO_KALI`): `--kali K` wins over DEMO_KALI, default 1, bad values stop the start.
 */
import { describe, expect, it } from 'vitest';
import { bacaEnv } from '../../src/server/env.ts';

describe('bacaEnv: demo scale', () => {
  it('defaults to 1', () => {
    expect(bacaEnv({}, []).DEMO_KALI).toBe(1);
    expect(bacaEnv({}, ['--demo']).demo).toBe(true);
  });

  it('reads DEMO_KALI, `--kali K` and `--kali=K`; the argument wins', () => {
    expect(bacaEnv({ DEMO_KALI: '4' }, []).DEMO_KALI).toBe(4);
    expect(bacaEnv({}, ['--demo', '--kali', '16']).DEMO_KALI).toBe(16);
    expect(bacaEnv({}, ['--demo', '--kali=4']).DEMO_KALI).toBe(4);
    expect(bacaEnv({ DEMO_KALI: '4' }, ['--kali', '16']).DEMO_KALI).toBe(16);
  });

  it.each([['0'], ['2.5'], ['x'], ['65']])('refuses DEMO_KALI=%s with a message naming it', (v) => {
    expect(() => bacaEnv({ DEMO_KALI: v }, [])).toThrow(/DEMO_KALI/);
    expect(() => bacaEnv({}, ['--kali', v])).toThrow(/DEMO_KALI/);
  });
});
