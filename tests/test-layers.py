#!/usr/bin/env python3
"""test-layers: the source tree's dependency directions, checked on the
sources and on the objects the build made.

Each folder may use only the folders below it (LAYERS): a quoted include
must name a header of an allowed folder, and a symbol an object leaves
undefined must, when one of smpsim's own objects defines it, be defined in
an allowed folder. On top of that:
  - the model (sim/model) calls nothing but the C and math libraries, and
    none of their file, device or thread functions; its target links
    nothing but libm;
  - rig's targets link nothing of sim/, scoring/ or lessons/;
  - no two .c files call each other, directly or round a longer circle
    (a strongly connected group of files in the call graph).
Prints each violation as `file: what is wrong` and exits 1 if there is one.

Usage: test-layers.py SOURCE_DIR BUILD_DIR NM CC MODEL_LINKS RIG_LINKS
(MODEL_LINKS and RIG_LINKS: the targets' LINK_LIBRARIES, ';'-separated.)
"""
import os
import re
import subprocess
import sys

# Folder -> the folders its files may include from and call into. The model
# may include two of rig's headers, plain types it speaks (HEADER_EXCEPTIONS),
# and call none of rig's functions. The program is three folders in one
# executable, each using those below it: sim/support (what commands and
# sessions share), sim/session (running a session), sim/cli (main and the
# commands); nothing uses sim/cli.
LIBRARIES = ['rig/dl', 'rig/files', 'rig/queue', 'rig/input', 'rig/audio', 'sim/model',
             'scoring/measures', 'scoring/proficiency', 'scoring/store', 'lessons',
             'scoring/report']
LAYERS = {
    'rig/dl': [],
    'rig/files': [],
    'rig/queue': [],
    'rig/input': ['rig/dl'],
    'rig/audio': ['rig/dl', 'rig/files', 'rig/queue'],
    'sim/model': [],
    'scoring/measures': ['sim/model'],
    'scoring/proficiency': [],
    'scoring/store': ['scoring/measures', 'sim/model'],
    'lessons': ['sim/model', 'rig/input', 'scoring/measures', 'scoring/proficiency'],
    'scoring/report': ['scoring/measures', 'scoring/proficiency', 'sim/model', 'lessons'],
    'sim/view': ['sim/model', 'rig/input', 'rig/queue', 'lessons', 'scoring/measures'],
    'sim/support': LIBRARIES,
    'sim/session': LIBRARIES + ['sim/support', 'sim/view'],
    'sim/cli': LIBRARIES + ['sim/support', 'sim/session', 'sim/view'],
}
HEADER_EXCEPTIONS = {'sim/model': ['rig/input/pen_sample.h', 'rig/audio/audio_cue.h']}

# The C library's ways to files, devices, other programs and threads: the
# model uses none (it may format into a buffer, allocate and compute).
MODEL_DENIED = re.compile(
    r'^(fopen|fdopen|freopen|fclose|fread|fwrite|fprintf|vfprintf|printf|vprintf|'
    r'fputs|fputc|putc|puts|putchar|fgets|fgetc|getc|getline|getdelim|fflush|'
    r'fseeko?|ftello?|open|openat|creat|close|read|write|pread|pwrite|ioctl|mmap|'
    r'socket|connect|dlopen|dlsym|system|popen|fork|exec\w*|pthread_\w+|sem_\w+|'
    r'thrd_\w+|mtx_\w+|cnd_\w+)$')
# What the sanitizers and the fuzzer's coverage add to every object.
INSTRUMENTATION = ('__asan_', '__ubsan_', '__sanitizer_', '__sancov_', '__msan_')

problems = []


def problem(where, what):
    problems.append('%s: %s' % (where, what))


def folder_of(path):
    """The layer folder of a source path relative to the tree, or None."""
    for f in LAYERS:
        if path.startswith(f + '/'):
            return f
    return None


def sources(src):
    for top in ('sim', 'rig', 'scoring', 'lessons'):
        for root, _, names in os.walk(os.path.join(src, top)):
            for n in sorted(names):
                if n.endswith(('.c', '.h')):
                    yield os.path.relpath(os.path.join(root, n), src)


def check_includes(src):
    headers = {}
    for rel in sources(src):
        if rel.endswith('.h'):
            headers[os.path.basename(rel)] = rel
    for rel in sources(src):
        folder = folder_of(rel)
        if folder is None:
            continue
        allowed = [folder] + LAYERS[folder]
        with open(os.path.join(src, rel), encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s*"([^"]+)"', line)
                if not m:
                    continue
                target = headers.get(os.path.basename(m.group(1)))
                if target is None:
                    problem('%s:%d' % (rel, n), 'includes "%s", not in the tree'
                            % m.group(1))
                elif (folder_of(target) not in allowed and
                      target not in HEADER_EXCEPTIONS.get(folder, [])):
                    problem('%s:%d' % (rel, n), 'includes %s: %s may not use %s'
                            % (target, folder, folder_of(target)))


def read_objects(build, src, nm):
    """{object path: (source rel path, defined set, undefined set)}, for the
    objects whose source is still there (a build folder keeps the objects
    of files moved or removed since)."""
    objs = {}
    for top in ('sim', 'rig', 'scoring', 'lessons'):
        for root, _, names in os.walk(os.path.join(build, top)):
            for n in names:
                if not n.endswith('.c.o'):
                    continue
                o = os.path.join(root, n)
                # build/<folder>/CMakeFiles/<target>.dir/[__/<folder2>/]name.c.o
                rel_dir = os.path.relpath(root, build).split(os.sep)
                folder = '/'.join(rel_dir[:rel_dir.index('CMakeFiles')])
                extra = rel_dir[rel_dir.index('CMakeFiles') + 2:]
                for part in extra:
                    folder = os.path.dirname(folder) if part == '__' else folder + '/' + part
                if not os.path.exists(os.path.join(src, folder, n[:-2])):
                    continue
                out = subprocess.run([nm, '-g', o], capture_output=True, text=True,
                                     check=True).stdout
                defined, undefined = set(), set()
                for line in out.splitlines():
                    f = line.split()
                    if len(f) == 2 and f[0] == 'U':
                        undefined.add(f[1])
                    elif len(f) == 3 and f[1] in 'TDBRVWC':
                        defined.add(f[2])
                objs[o] = (folder + '/' + n[:-2], defined, undefined)
    return objs


def libc_symbols(nm, cc):
    syms = set()
    for lib in ('libc.so.6', 'libm.so.6'):
        path = subprocess.run([cc, '-print-file-name=' + lib], capture_output=True,
                              text=True, check=True).stdout.strip()
        out = subprocess.run([nm, '-D', '--defined-only', path], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3:
                syms.add(f[2].split('@')[0])
    return syms


def check_calls(objs, libc):
    owner = {}
    for src, defined, _ in objs.values():
        for s in defined:
            owner[s] = src
    calls = {}
    for src, defined, undefined in objs.values():
        folder = folder_of(src)
        if folder is None:
            continue
        allowed = [folder] + LAYERS.get(folder, [])
        out = calls.setdefault(src, {})
        for s in sorted(undefined):
            if s in owner:
                to = owner[s]
                if to != src:
                    out.setdefault(to, []).append(s)
                if folder_of(to) not in allowed:
                    problem(src, 'calls %s (%s): %s may not use %s'
                            % (s, to, folder, folder_of(to)))
            elif folder == 'sim/model' and not s.startswith(INSTRUMENTATION):
                bare = re.sub(r'^__(\w+)_chk$', r'\1', re.sub(r'^__isoc\d+_', '', s))
                if s not in libc:
                    problem(src, 'calls %s, outside the C and math libraries' % s)
                elif MODEL_DENIED.match(bare):
                    problem(src, 'calls %s: the model uses no files, devices or threads'
                            % s)
    return calls


def check_circles(calls):
    """Tarjan's strongly connected components of the file call graph."""
    index, low, stack, on = {}, {}, [], set()

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in calls.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                problem(', '.join(sorted(group)), 'call each other: ' + '; '.join(
                    '%s -> %s (%s)' % (a, b, ' '.join(calls[a][b][:3]))
                    for a in sorted(group) for b in sorted(calls[a]) if b in group))

    sys.setrecursionlimit(10000)
    for v in sorted(calls):
        if v not in index:
            visit(v)


def check_links(name, links, allowed):
    for lib in [x for x in links.split(';') if x]:
        if not allowed(lib):
            problem('target ' + name, 'links %s' % lib)


def main():
    src, build, nm, cc, model_links, rig_links = sys.argv[1:7]
    check_includes(src)
    objs = read_objects(build, src, nm)
    if not any(folder_of(s) == 'sim/model' for s, _, _ in objs.values()):
        print('test-layers: no objects of sim/model under %s: build first' % build)
        return 2
    calls = check_calls(objs, libc_symbols(nm, cc))
    check_circles(calls)
    check_links('sim_model', model_links, lambda lib: lib == 'm')
    check_links('rig_*', rig_links,
                lambda lib: not re.match(r'^(sim|scoring|lessons|smpsim)', lib))
    for p in problems:
        print(p)
    print('test-layers: %d objects, %d problems' % (len(objs), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
