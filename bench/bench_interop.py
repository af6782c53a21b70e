"""Per-step cost of sampling a diffusers UNet2DModel through diffusion_notes' DDIM against diffusers' own DDIMScheduler loop.

Same model (a randomly initialised UNet2DModel, DDPM-CIFAR-like layout at a small width), same initial noise, same
N timesteps (the scheduler's `leading` spacing), `--repeats` runs of each loop, interleaved (diffusers first in even
rounds, ours first in odd ones, so a slow spell of the shared machine hits both), after one untimed warm-up step:

* diffusers: `scheduler.set_timesteps(N)`, then `scheduler.step(unet(x, t).sample, t, x)` per timestep;
* ours: `sample_chain_ddim(model.chain(N), model, x_T)` with `model = DiffusersModel(unet, scheduler)` (eta 0).

Hooks on the UNet timestamp every call, so each run yields N - 1 per-step times (call to call: UNet + the sampler's
own arithmetic) and the time spent outside the UNet. Prints, for each loop, the median per-step wall and process-CPU
time over all runs, the mean time per step outside the UNet (the whole cost of the sampler and, for ours, of the
wrapper), the ratio diffusers / ours of the median per-step CPU time (>= 1.0: ours not slower; also per round) and
the largest difference of the two samples. CPU time and medians are the fairer numbers on a shared machine: with one thread, CPU time does not count the
time other processes hold the core, and a median ignores the steps they slowed down. Not a test: run it by hand.

    OMP_NUM_THREADS=1 python bench/bench_interop.py [--steps 20] [--batch 4] [--size 32] [--width 64] [--threads 1] [--repeats 3]
"""
import argparse, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import torch


class StepClock:
    "Forward hooks on the network: wall/CPU timestamps at the start and end of every call."
    def __init__(self, net):
        self.starts, self.ends = [], []
        net.register_forward_pre_hook(lambda m, a: self.starts.append((time.perf_counter(), time.process_time())))
        net.register_forward_hook(lambda m, a, o: self.ends.append((time.perf_counter(), time.process_time())))
    def run(self, fn):
        self.starts.clear(); self.ends.clear()
        t0 = (time.perf_counter(), time.process_time())
        out = fn()
        t1 = (time.perf_counter(), time.process_time())
        st, en = self.starts, self.ends
        steps = [[b[k] - a[k] for a, b in zip(st, st[1:])] for k in (0, 1)]          # call to call, (wall, CPU)
        inside = [sum(e[k] - s[k] for s, e in zip(st, en)) for k in (0, 1)]
        outside = [(t1[k] - t0[k] - inside[k]) / len(st) for k in (0, 1)]           # per step, outside the network
        return out, steps, outside


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=20, help='sampling steps N')
    p.add_argument('--batch', type=int, default=4, help='images per batch')
    p.add_argument('--size', type=int, default=32, help='image side')
    p.add_argument('--width', type=int, default=64, help='channels of the first UNet level (x1, x2, x2 below)')
    p.add_argument('--threads', type=int, default=1, help='torch threads')
    p.add_argument('--repeats', type=int, default=3, help='runs of each loop, interleaved')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    from diffusers import UNet2DModel, DDIMScheduler
    from diffusion_notes.interop import DiffusersModel
    from diffusion_notes.respacing import sample_chain_ddim

    torch.manual_seed(0)
    w = a.width
    unet = UNet2DModel(sample_size=a.size, in_channels=3, out_channels=3, block_out_channels=(w, 2 * w, 2 * w),
                       layers_per_block=2, down_block_types=('DownBlock2D', 'AttnDownBlock2D', 'DownBlock2D'),
                       up_block_types=('UpBlock2D', 'AttnUpBlock2D', 'UpBlock2D'), attention_head_dim=None).eval()
    sched = DDIMScheduler(clip_sample=True)
    model = DiffusersModel(unet, sched)
    x_T = torch.randn(a.batch, 3, a.size, a.size, generator=torch.Generator().manual_seed(1))
    n_params = sum(p.numel() for p in unet.parameters())

    def diffusers_loop():
        sched.set_timesteps(a.steps); x = x_T.clone()
        with torch.no_grad():
            for t in sched.timesteps:
                x = sched.step(unet(x, t).sample, t, x, use_clipped_model_output=True).prev_sample
        return x

    chain = model.chain(a.steps)
    def ours(): return sample_chain_ddim(chain, model, x_T, clip=model.clip)

    with torch.no_grad(): unet(x_T, torch.tensor(500))   # warm-up (allocator, first-call overheads), untimed
    clock = StepClock(unet)
    loops = {'diffusers': diffusers_loop, 'ours': ours}
    runs = {name: [] for name in loops}
    for r in range(a.repeats):
        for name in (('diffusers', 'ours') if r % 2 == 0 else ('ours', 'diffusers')): runs[name].append(clock.run(loops[name]))
    pooled = lambda name, k: statistics.median(v for run in runs[name] for v in run[1][k])      # median over every step of every run
    mean_out = lambda name, k: statistics.fmean(run[2][k] for run in runs[name])
    step_ref, step_ours = ([pooled(n, k) for k in (0, 1)] for n in loops)
    out_ref, out_ours = ([mean_out(n, k) for k in (0, 1)] for n in loops)
    ref, out = runs['diffusers'][-1][0], runs['ours'][-1][0]
    per_round = [statistics.median(d[1][1]) / statistics.median(o[1][1]) for d, o in zip(runs['diffusers'], runs['ours'])]
    print(f"UNet2DModel {n_params / 1e6:.2f}M parameters, batch {a.batch}x3x{a.size}x{a.size}, {a.steps} DDIM steps, "
          f"{torch.get_num_threads()} thread(s), {a.repeats} interleaved runs of each loop, torch {torch.__version__}")
    print(f"{'':>26} {'median ms/step':>15} {'median CPU ms/step':>19} {'outside UNet, ms/step (wall, CPU)':>35}")
    for name, st, ou in (('diffusers DDIMScheduler', step_ref, out_ref), ('ours (sample_chain_ddim)', step_ours, out_ours)):
        print(f"{name:>26} {1e3 * st[0]:15.2f} {1e3 * st[1]:19.2f} {1e3 * ou[0]:17.3f} {1e3 * ou[1]:17.3f}")
    print(f"ratio diffusers/ours, median per-step CPU time: {step_ref[1] / step_ours[1]:.3f}x "
          f"(wall {step_ref[0] / step_ours[0]:.3f}x); >= 1.0: ours not slower; per round (CPU): "
          + ' '.join(f"{v:.3f}x" for v in per_round))
    extra = out_ours[1] - out_ref[1]
    print(f"cost of ours beyond diffusers' loop, outside the UNet: {1e3 * extra:+.3f} CPU ms/step = "
          f"{100 * extra / step_ref[1]:+.2f}% of a step (the rest of any difference is run-to-run noise of the UNet)")
    print(f"max |ours - diffusers| = {(out - ref).abs().max().item():.2e}")


if __name__ == '__main__':
    main()
