"""Peak resident memory of `dn-eval` FID at 1k, 10k and 50k images: flat in N because everything is streamed.

What it measures: `ru_maxrss` (from `os.wait4`) of a fresh `dn-eval` process per run, computing FID of N generated
8x8 grey images against the digits train split with the shipped digits classifier (`--features digits`, 64-d
features; offline and fast, so 50k images take seconds). Inputs: a flat folder of N PNG files and an `.npz` with
`arr_0` of shape (N, 8, 8, 3) uint8. So it measures the streaming machinery (listing and decoding the files or
reading the zip stream one batch at a time, the feature pass, the FeatureStats accumulator), not the Inception:
with `--features inception` the network's own memory is added, the same at every N. The images are tiny (64-192
bytes each), so a reader that held them all would add only ~10-40 MB at 50k; the control row shows that the
measurement does see growth when something is kept per image: `--metrics fid,kid,pr` with `--max-features` above N
keeps every feature row (and precision/recall's distance blocks grow with N).

    python bench/bench_eval_memory.py [--sizes 1000 10000 50000] [--tmp DIR]
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

LAUNCH = "import sys; from diffusion_notes.evaluate import eval_cli; eval_cli(sys.argv[1:])"


def make_inputs(n, folder, npz, seed=0):
    "N noisy 8x8 digits (train digits + noise), as PNG files and as an (N, 8, 8, 3) uint8 npz."
    import numpy as np
    from PIL import Image
    from diffusion_notes.datasets import digits
    x = ((digits('train').x[:, 0].numpy() + 1) * 127.5)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(x), n)
    imgs = np.clip(np.rint(x[idx] + rng.normal(0, 20, (n, 8, 8))), 0, 255).astype(np.uint8)
    folder.mkdir(parents=True)
    for i, a in enumerate(imgs): Image.fromarray(a).save(folder / f'{i:06d}.png')
    np.savez(npz, arr_0=np.repeat(imgs[..., None], 3, axis=-1))


def peak_rss_mb(args):
    "Peak RSS (MiB) and wall time of one fresh `dn-eval` process."
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1', PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, '-c', LAUNCH, *map(str, args)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    out, err = p.stdout.read().decode(), p.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0: raise RuntimeError(f"dn-eval {args} failed:\n{err}")
    return ru.ru_maxrss / 1024, time.perf_counter() - t, out   # ru_maxrss is in KiB on Linux


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 10_000, 50_000])
    ap.add_argument('--tmp', default=None, help='where to write the generated images (deleted afterwards)')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(dir=a.tmp, prefix='bench_eval_mem_'))
    try:
        env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=str(ROOT))
        p = subprocess.Popen([sys.executable, '-c', "import diffusion_notes.evaluate, diffusion_notes.kid_pr"], env=env)
        _, _, ru = os.wait4(p.pid, 0)
        print(f"baseline (python + torch + diffusion_notes.evaluate imported, nothing evaluated): {ru.ru_maxrss / 1024:.0f} MiB")
        rows = []
        for n in a.sizes:
            folder, npz = tmp / f'png_{n}', tmp / f'samples_{n}.npz'
            make_inputs(n, folder, npz)
            common = ['digits:train', '--features', 'digits', '--batch-size', '250']
            r = dict(n=n)
            r['folder'] = peak_rss_mb([folder, *common, '--metrics', 'fid'])
            r['npz'] = peak_rss_mb([npz, *common, '--metrics', 'fid'])
            r['kept'] = peak_rss_mb([npz, *common, '--metrics', 'fid,kid,pr', '--max-features', 10 * n, '--kid-subset-size', min(1000, n)])
            fid = [l for l in r['npz'][2].splitlines() if l.startswith('fid')][0].split()[1]
            rows.append(r)
            shutil.rmtree(folder); npz.unlink()
            print(f"N={n}: folder {r['folder'][0]:.0f} MiB ({r['folder'][1]:.1f} s), npz {r['npz'][0]:.0f} MiB ({r['npz'][1]:.1f} s), "
                  f"fid,kid,pr with all features kept {r['kept'][0]:.0f} MiB ({r['kept'][1]:.1f} s); FID {fid}", flush=True)
        base = rows[0]
        print("\npeak RSS of dn-eval (MiB) and ratio to the first size")
        print(f"{'N':>7}  {'folder of PNGs':>16}  {'npz (arr_0)':>16}  {'control: features kept (kid,pr)':>32}")
        for r in rows:
            cells = [f"{r[k][0]:7.0f} ({r[k][0] / base[k][0]:.3f}x)" for k in ('folder', 'npz', 'kept')]
            print(f"{r['n']:>7}  {cells[0]:>16}  {cells[1]:>16}  {cells[2]:>32}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
