// Control-flow constructs: each case is a processor module whose `# expect:` comments list
// exactly the diagnostics the analyzer must report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, processorModule, removeTemp } from './helpers';

async function check(body: string, extra: Record<string, string> = {}): Promise<void> {
  const { actual, expected, root } = await analyzeFiles({ 'proc.py': processorModule(body), ...extra });
  try {
    assert.deepEqual(actual, expected);
  } finally {
    removeTemp(root);
  }
}

describe('control flow', () => {
  it('if/elif/else setting the stat on every branch', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        rows = self.rows
        if not rows:
            self.stats["rows_inserted"] = 0
        elif len(rows) > 10:
            self.client.insert_rows_json("t", rows)
            self.stats["rows_inserted"] = len(rows)
        else:
            self.client.insert_rows_json("t", rows[:1])
            self.stats["rows_inserted"] = 1
`));

  it('if without else falls off the end', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        self.client.insert_rows_json("t", self.rows)
        if self.rows:
            self.stats["rows_inserted"] = len(self.rows)
`));

  it('for loop with break and else', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        for attempt in range(3):
            job = self.client.load_table_from_json(self.rows, "t")
            if not job.errors:
                self.stats["rows_inserted"] = len(self.rows)
                break
            if attempt == 2:
                continue
        else:
            return  # expect: unset-after-write
`));

  it('for loop body may not run', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        for batch in self.batches:
            self.client.insert_rows_json("t", batch)
            self.stats["rows_inserted"] = len(batch)
`));

  it('while True ends only through break', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        while True:
            job = self.client.load_table_from_json(self.rows, "t")
            if job.done:
                break
        self.stats["rows_inserted"] = len(self.rows)
`));

  it('while 1 without break never falls through', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        while 1:
            self.client.insert_rows_json("t", self.rows)
            if self.done:
                self.stats["rows_inserted"] = 1
                return
`));

  it('constant false branches are unreachable', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        if False:
            return
        if 0:
            return
        while False:
            return
        self.stats["rows_inserted"] = 0
`));

  it('return in finally replaces the pending exit', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        try:
            self.client.insert_rows_json("t", self.rows)
            raise RuntimeError("never leaves")
        finally:
            return  # expect: unset-after-write
`));

  it('finally runs before a raise exit', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        count = 0
        try:
            self.client.insert_rows_json("t", self.rows)
            if self.bad:
                raise RuntimeError("bad")
            count = len(self.rows)
        finally:
            self.stats["rows_inserted"] = count
`));

  it('raise inside try with except goes to the handler', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        try:
            self.client.insert_rows_json("t", self.rows)
            raise RuntimeError("x")
        except RuntimeError:
            pass
        return  # expect: unset-after-write
`));

  it('except clause starts from the state before each statement', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        try:
            self.client.insert_rows_json("t", self.rows)
            self.stats["rows_inserted"] = len(self.rows)
        except Exception:
            return  # expect: unset-after-write
`));

  it('try else clause runs only without an exception', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        try:
            job = self.client.load_table_from_json(self.rows, "t")
        except ValueError:
            self.stats["rows_inserted"] = 0
            raise
        else:
            self.stats["rows_inserted"] = len(self.rows)
`));

  it('raise outside try without write is not reported', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        if not self.rows:
            raise ValueError("no rows")
        self.client.insert_rows_json("t", self.rows)
        if self.strict:
            raise RuntimeError("strict")  # expect: unset-on-raise
        self.stats["rows_inserted"] = len(self.rows)
`));

  it('contextlib suppress may skip the rest of its body', () =>
    check(`
from contextlib import suppress
import contextlib
from contextlib import suppress as quietly


class P(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        with suppress(KeyError):
            self.client.insert_rows_json("t", self.rows)
            self.stats["rows_inserted"] = len(self.rows)


class Q(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        with contextlib.suppress(KeyError):
            self.client.insert_rows_json("t", self.rows)
            self.stats["rows_inserted"] = len(self.rows)


class R(ProcessorBase):
    def save_data(self):  # expect-end: unset-after-write
        with quietly(KeyError):
            self.client.insert_rows_json("t", self.rows)
            self.stats["rows_inserted"] = len(self.rows)
`));

  it('other context managers do not swallow exceptions', () =>
    check(`
import threading
lock = threading.Lock()


class P(ProcessorBase):
    def save_data(self):
        with lock, open("x") as handle:
            self.client.insert_rows_json("t", self.rows)
            self.stats["rows_inserted"] = len(self.rows)
`));

  it('match with and without an irrefutable case', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        match self.mode:
            case "skip":
                self.stats["rows_inserted"] = 0
            case other:
                self.client.insert_rows_json("t", self.rows)
                self.stats["rows_inserted"] = len(self.rows)


class Q(ProcessorBase):
    def save_data(self):  # expect-end: unset-without-write
        match self.mode:
            case "skip":
                self.stats["rows_inserted"] = 0
            case "load" if self.rows:
                self.client.insert_rows_json("t", self.rows)
                self.stats["rows_inserted"] = len(self.rows)
`));

  it('nested def, lambda and class bodies are not part of the flow', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        def helper():
            return 1
        key = lambda row: row["id"]

        class Local:
            def save_data(self):
                return

        self.client.insert_rows_json("t", sorted(self.rows, key=key))
        self.stats["rows_inserted"] = helper()
`));

  it('walrus in a condition writes rows', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        if errors := self.client.insert_rows_json("t", self.rows):
            return  # expect: unset-after-write
        self.stats["rows_inserted"] = len(self.rows)
`));

  it('calls that never return end the path as raise exits', () =>
    check(
      `
import os
import sys
from sys import exit as leave
from util import fail, give_up
import util


class P(ProcessorBase):
    def save_data(self):
        self.client.insert_rows_json("t", self.rows)
        if self.a:
            sys.exit(1)  # expect: unset-on-raise
        if self.b:
            os._exit(1)  # expect: unset-on-raise
        if self.c:
            leave(2)  # expect: unset-on-raise
        if self.d:
            exit()  # expect: unset-on-raise
        if self.e:
            quit()  # expect: unset-on-raise
        if self.f:
            fail("x")  # expect: unset-on-raise
        if self.g:
            give_up()  # expect: unset-on-raise
        if self.h:
            util.fail("y")  # expect: unset-on-raise
        if self.i:
            self._explode()  # expect: unset-on-raise
        if self.j:
            assert False, "impossible"  # expect: unset-on-raise
        if self.k:
            assert 0  # expect: unset-on-raise
        self.stats["rows_inserted"] = len(self.rows)

    def _explode(self):
        if self.x:
            raise ValueError("x")
        raise RuntimeError("y")
`,
      {
        'util.py': `from typing import NoReturn, Never\n\n\ndef fail(message: str, *, code: int = 1) -> NoReturn:\n    raise SystemExit(code)\n\n\ndef give_up() -> "Never":\n    raise SystemExit(1)\n`,
      },
    ));

  it('assert with a real condition is not an exit', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        assert self.rows, "no rows"
        self.client.insert_rows_json("t", self.rows)
        self.stats["rows_inserted"] = len(self.rows)
`));

  it('deeply nested loops and handlers', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        for batch in self.batches:
            try:
                while True:
                    try:
                        self.client.insert_rows_json("t", batch)
                        break
                    finally:
                        self.attempts += 1
            except Exception:
                continue
        self.stats["rows_inserted"] = self.count
`));

  it('break through finally runs the finally body', () =>
    check(`
class P(ProcessorBase):
    def save_data(self):
        for batch in self.batches:
            try:
                self.client.insert_rows_json("t", batch)
                break
            finally:
                self.stats["rows_inserted"] = 1
        else:
            self.stats["rows_inserted"] = 0
`));
});
