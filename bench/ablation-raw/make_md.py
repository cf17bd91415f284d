#!/usr/bin/env python3
"""Writes /work/notes/ablation.md from ablation-raw/results.txt and the ablate-* branches."""
import subprocess, statistics, os, datetime
raw = '/work/notes/ablation-raw'
repo = '/work/wt-ablate'
desc = {
 'control': 'control: the same commit built twice (salesrep-238c93b vs ablate-base): the noise floor',
 'lanes': 'lanes: the replay on several threads (run_lanes/Lane, shares, bounds, merge)',
 'threads-load': 'threads-load: other threads (files read/parsed on 2 cores, ledger slices, check beside replay, report lists async, tables rendered on 2 cores)',
 'prefetch': 'prefetch: the 10 `__builtin_prefetch`/IdIndex::prefetch sites and the lookahead rings',
 'hugepages': 'hugepages: memory.hpp, reserve_huge, MADV_HUGEPAGE/MADV_POPULATE_WRITE',
 'packed-entry': 'packed-entry: 16-bit text offsets, SentinelOptional, Box (Entry 72 bytes)',
 'swar': 'swar: 8-byte scans in the ledger tokenizer and bad_utf8',
 'yaml-events': 'yaml-events: the events deals reader and the sliced deals parse (both)',
 'events-only': 'events-only: the events deals reader alone (slices kept)',
 'deal-slices': 'deal-slices: the sliced deals parse alone (events reader kept)',
 'mmap': 'mmap: big files mapped (map_file, SIGBUS guard)',
 'mallopt': 'mallopt: glibc malloc tuning in main',
}
order = list(desc)
rows_label = {
 'warm': '`report --quarter`, 100k deals, warm',
 'cold': '`report --quarter`, 100k deals, cold (cache removed)',
 'balance': '`balance`, 1M payments, 10k clients',
 'forecast': '`forecast`, scaling-1M (10k deals, 1M entries)',
 'check': '`check`, scaling-1M',
}
def git(*a):
    return subprocess.run(['git', '-C', repo] + list(a), capture_output=True, text=True).stdout
def lines(name):
    if name == 'control': return ('0', '-', '')
    br = 'ablate-' + name
    if git('rev-parse', '--verify', '-q', br + '-full').strip(): br += '-full'
    st = git('diff', '--numstat', '238c93b', br, '--', 'src', 'include')
    add = dele = 0; files = []
    for l in st.splitlines():
        a, d, f = l.split('\t'); add += int(a); dele += int(d); files.append(f.split('/')[-1])
    tst = git('diff', '--shortstat', '238c93b', br, '--', 'tests', 'fuzz').strip()
    return (f'{dele - add} net ({dele} removed, {add} added)', f'{len(files)}: ' + ', '.join(files), tst)
res = {}
for l in open(os.path.join(raw, 'results.txt')):
    p = l.split()
    if len(p) < 10: continue
    res.setdefault(p[0], {})[p[1]] = p
def paired(name, row):
    f = os.path.join(raw, f'{name}-{row}.txt')
    try:
        r = [l.split() for l in open(f) if not l.startswith('#')]
        ratios = [float(x[2]) / float(x[0]) for x in r if len(x) == 4]
        return f'{(statistics.median(ratios) - 1) * 100:+.1f}'
    except Exception:
        return '-'
out = []
out.append('# Ablation of the speed optimizations at 238c93b (issue 21)\n')
out.append(f'Generated {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC by ablation-raw/make_md.py from ablation-raw/results.txt; method below.\n')
import glob, collections
best = collections.defaultdict(lambda: [9e9, 9e9, 0, [], [], []])
for f in glob.glob(os.path.join(raw, '*-*.txt')):
    b = os.path.basename(f)[:-4]
    nm, rw = b.rsplit('-', 1)
    nm = nm.split('.r')[0]
    for l in open(f):
        x = l.split()
        if l.startswith('#') or len(x) != 4: continue
        k = best[(nm, rw)]
        k[0] = min(k[0], float(x[0])); k[1] = min(k[1], float(x[2])); k[2] += 1
        k[3].append(float(x[2]) / float(x[0])); k[4].append(float(x[0])); k[5].append(float(x[2]))
out.append('Main table: all rounds pooled (7 pairs in round 1, 11 in each later round; the `pairs` column of "All rounds pooled" gives the total per row). "base / without median s": medians of all runs of each binary; "change %": the median of the per-pair ratios (each variant run / the base run just before it), the statistic least moved by the load (the control, the same binary against itself, gets within ±2 %). keep? = change >= 10 %.\n')
out.append('| optimization | lines removed | files | row | base median s | without median s | change % | keep? (>=10 %) |')
out.append('|---|---|---|---|---:|---:|---:|---|')
for name in order:
    if name not in res: continue
    lr, files, tst = lines(name)
    for row in ['warm', 'cold', 'balance', 'forecast', 'check']:
        if (name, row) not in best: continue
        a, b, c, r, xa, xb = best[(name, row)]
        ch = 100 * (statistics.median(r) - 1)
        out.append(f'| {name} | {lr} | {files} | {rows_label[row]} | {statistics.median(xa):.3f} | {statistics.median(xb):.3f} | {ch:+.1f} | {"yes" if ch >= 10 else "no"} |')
out.append('\n### Each round\n')
out.append('| optimization | row | base median s | without median s | change % (medians) | keep? |')
out.append('|---|---|---:|---:|---:|---|')
for name in order:
    if name not in res: continue
    for row in ['warm', 'cold', 'balance', 'forecast', 'check']:
        for key, lab in ((name, ''), (name + '.r2', ' (2nd round)'), (name + '.r3', ' (3rd round)'), (name + '.r4', ' (4th round)')):
            if key not in res or row not in res[key]: continue
            p = res[key][row]
            out.append(f'| {name}{lab} | {row} | {p[2]} | {p[3]} | {p[4]} | {"yes" if float(p[4]) >= 10 else "no"} |')
out.append('\nCPU (user+sys, median), the median of the per-pair ratios (each variant run against the base run just before it), and the load average:\n')
out.append('| optimization | row | pairs | base CPU s | without CPU s | CPU change % | paired wall change % | load 1-min start → end | time (UTC) |')
out.append('|---|---|---:|---:|---:|---:|---:|---|---|')
for name in order:
    if name not in res: continue
    for row in ['warm', 'cold', 'balance', 'forecast', 'check']:
        for key, lab in ((name, ''), (name + '.r2', ' (2nd round)'), (name + '.r3', ' (3rd round)'), (name + '.r4', ' (4th round)')):
            if key not in res or row not in res[key]: continue
            p = res[key][row]
            n = sum(1 for l in open(os.path.join(raw, f'{key}-{row}.txt')) if not l.startswith('#'))
            cpu = (float(p[6]) - float(p[5])) * 100 / float(p[5]) if float(p[5]) else 0
            out.append(f'| {name}{lab} | {row} | {n} | {p[5]} | {p[6]} | {cpu:+.1f} | {paired(key, row)} | {p[7]} → {p[8]} | {p[9]} |')
out.append('\nWhat each variant removes (branch `ablate-NAME` off 238c93b; the binary is /work/bin/ablate-NAME):\n')
for name in order:
    if name not in res and name != 'control': continue
    if name == 'control':
        out.append(f'- **control**: no change: /work/bin/salesrep-238c93b against /work/bin/ablate-base (both 238c93b), to show the noise of the hour.')
        continue
    lr, files, tst = lines(name)
    sha = git('rev-parse', '--short', 'ablate-' + name).strip()
    full = git('rev-parse', '--short', '-q', '--verify', 'ablate-' + name + '-full').strip()
    extra = (f' The binary is built from `ablate-{name}` (`{sha}`: the code no longer runs; the dead functions and their header declarations stay, so that no header changes and few files are rebuilt); the line counts are those of `ablate-{name}-full` (`{full}`), which deletes them too (and their tests).' if full else '')
    out.append(f'- **{name}** (`{sha}`): {desc[name].split(": ", 1)[1]}. src/include: {lr}; tests/fuzz: {tst or "unchanged"}.{extra}')
out.append('\n### All rounds pooled\n')
out.append('Every pair of every round of a row together: the median of the per-pair ratios (variant / the base run just before it), the medians of all runs, and the best (fastest) run of each binary, the usual estimate of the time without contention (contention only adds time). With this much load all of them are noisy: see `control`, the same binary against itself.\n')
out.append('| optimization | row | pairs | median base s | median without s | pooled paired change % | best base s | best without s | best change % |')
out.append('|---|---|---:|---:|---:|---:|---:|---:|---:|')
for name in order:
    for row in ['warm', 'cold', 'balance', 'forecast', 'check']:
        if (name, row) not in best: continue
        a, b, c, r, xa, xb = best[(name, row)]
        out.append(f'| {name} | {row} | {c} | {statistics.median(xa):.3f} | {statistics.median(xb):.3f} | {100 * (statistics.median(r) - 1):+.1f} | {a:.3f} | {b:.3f} | {100 * (b / a - 1):+.1f} |')
tail = os.path.join(raw, 'notes.md')
if os.path.exists(tail): out.append('\n' + open(tail).read())
open('/work/notes/ablation.md', 'w').write('\n'.join(out) + '\n')
