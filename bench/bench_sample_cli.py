"""Images per second of `dn-sample` against the same sampler called from Python, on the same model, steps and batch.

    OMP_NUM_THREADS=1 python bench/bench_sample_cli.py [--run RUN] [--n 1024] [--batch-size 64] [--repeats 3]

About 6 minutes at the defaults on one core. At small --n the fixed cost (loading the checkpoint, checks, writing)
is a visible share of a run of a few seconds; at 1024 images it is not.

One thread. The model is the `digits` preset's UNet (a run folder made by `dn-train --steps 1` unless --run is given;
the weights do not matter for speed). For each sampler, the Python side is what a user would write: load the EMA
weights, draw x_T with one generator per batch, call the library's sampler batch by batch. The `dn-sample` side is
the whole command, in-process: loading the run, checking options, one generator per image, the NaN check and writing
the npz. Repeats alternate the two; the ratio printed is the median over repeats of python_time / cli_time
(1.0 = no overhead; the target is >= 0.95, i.e. under 5% overhead).
"""
import argparse, contextlib, io, re, statistics, sys, tempfile, time
from pathlib import Path
import torch
from diffusion_notes.cli import train_cli
from diffusion_notes.generate import sample_cli, load_source, model_sigmas, _STOCHASTIC
from diffusion_notes.ddpm import sample_chain_ancestral
from diffusion_notes.respacing import respace, sample_chain_ddim
from diffusion_notes.edm import eps_model_to_denoiser
from diffusion_notes.samplers import sample_heun, sample_euler_ancestral


def _clock():
    "CPU seconds of this process: with one thread and other jobs sharing the machine, wall time measures them too."
    return time.process_time()


def make_run(folder):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = train_cli(['--preset', 'digits', '--steps', '1', '--n-samples', '2', '--no-eval', '--no-progress',
                          '--diffusion-steps', '1000', '--out', str(folder)])
    if code != 0: sys.exit(f"dn-train failed with status {code}")
    return folder


@torch.no_grad()
def python_side(run, sampler, steps, n, bs):
    "Seconds for n images with the library's sampler, called as a user would (model loading not timed)."
    src = load_source(run)
    model, chain, shape = src.model, src.chain, src.image_shape
    if sampler == 'ddim': chain = respace(chain, str(steps))
    if sampler not in ('ddim', 'ancestral'):
        D = eps_model_to_denoiser(model, chain)
        sigmas = model_sigmas(D, steps)
    t0 = _clock()
    for i in range(0, n, bs):
        g = torch.Generator().manual_seed(i)
        x = torch.randn((min(bs, n - i), *shape), generator=g)
        if sampler == 'ddim': out = sample_chain_ddim(chain, model, x, generator=g, eta=0., clip=src.clip)
        elif sampler == 'ancestral': out = sample_chain_ancestral(chain, model, x, generator=g, var=src.var, clip=src.clip)
        elif sampler == 'heun': out = sample_heun(D, x * sigmas[0].item(), sigmas, generator=g)
        elif sampler == 'euler_ancestral': out = sample_euler_ancestral(D, x * sigmas[0].item(), sigmas, generator=g, eta=1.)
        elif sampler == 'stochastic': out = sample_heun(D, x * sigmas[0].item(), sigmas, generator=g, S_churn=_STOCHASTIC['churn'],
                                S_tmin=_STOCHASTIC['s_tmin'], S_tmax=_STOCHASTIC['s_tmax'], S_noise=_STOCHASTIC['s_noise'])
        else: raise ValueError(f"the benchmark does not know {sampler!r}")
        assert torch.isfinite(out).all()
    return _clock() - t0


def cli_side(run, sampler, steps, n, bs, out):
    "Seconds for the whole dn-sample command, in-process, and for its sampling loop alone (from the rate it prints)."
    args = [str(run), '--sampler', sampler, '--steps', str(steps), '--seeds', f'0-{n - 1}', '--batch-size', str(bs),
            '--format', 'npz', '--out', str(out), '--no-progress', '--device', 'cpu']
    if sampler not in ('ddim', 'ancestral'): args.append('--no-clip')   # the Python side calls sample_heun on the plain denoiser
    t0, buf = _clock(), io.StringIO()
    with contextlib.redirect_stdout(buf): code = sample_cli(args)
    if code != 0: sys.exit(f"dn-sample failed with status {code}")
    total = _clock() - t0
    return total, float(re.search(r'([0-9.]+) CPU s', buf.getvalue())[1])


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--run', help='a dn-train run folder (default: a fresh digits run made here)')
    p.add_argument('--n', type=int, default=1024)
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--samplers', default='ddim:20,heun:10,stochastic:10,euler_ancestral:10', help='sampler:steps pairs')
    a = p.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(a.run) if a.run else make_run(Path(tmp) / 'run')
        print(f"model {run}, {a.n} images, batch {a.batch_size}, one thread, torch {torch.__version__}")
        for spec in a.samplers.split(','):
            sampler, steps = spec.split(':'); steps = int(steps)
            python_side(run, sampler, steps, a.batch_size, a.batch_size)       # warm-up, one batch
            py, cli, loop = [], [], []
            for r in range(a.repeats):
                py.append(python_side(run, sampler, steps, a.n, a.batch_size))
                total, sampling = cli_side(run, sampler, steps, a.n, a.batch_size, Path(tmp) / 'out.npz')
                cli.append(total); loop.append(sampling)
            ratios = [p_ / c_ for p_, c_ in zip(py, cli)]
            loop_ratios = [p_ / l_ for p_, l_ in zip(py, loop)]
            fixed = statistics.median([c_ - l_ for c_, l_ in zip(cli, loop)])
            med, lmed = statistics.median(ratios), statistics.median(loop_ratios)
            print(f"{sampler:>15} {steps:>3} steps: python {a.n / statistics.median(py):6.2f} img/s, dn-sample {a.n / statistics.median(cli):6.2f} "
                  f"img/s; python_time/cli_time per repeat {', '.join(f'{v:.3f}' for v in ratios)}, median {med:.3f} "
                  f"(overhead {100 * (1 / med - 1):+.1f}%); sampling loop alone median {lmed:.3f} ({100 * (1 / lmed - 1):+.1f}%), "
                  f"fixed cost (load, checks, write) {fixed:.1f} s")


if __name__ == '__main__':
    main()
