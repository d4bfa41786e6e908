#!/usr/bin/env python3
"""Writes src/KdGan.Tensors/Backends/Gpu/Kernels/GemmKernel.cs: the tiled SGEMM kernel with its 8 x 8 register
block written out by hand (ILGPU 1.5.3 does not unroll loops). Run from the repository root after editing."""
import os

T = 8
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'KdGan.Tensors', 'Backends', 'Gpu', 'Kernels', 'GemmKernel.cs')
HEADER = open(OUT).read().split('        float c00 = 0f')[0] if os.path.exists(OUT) else None
if HEADER is None:
    raise SystemExit('keep the hand-written header of GemmKernel.cs (everything before "float c00") and rerun')

lines = [HEADER.rstrip('\n')]
w = lines.append
w('')
for i in range(T):
    w('        float ' + ', '.join(f'c{i}{j} = 0f' for j in range(T)) + ';')
w('''
        for (int k0 = 0; k0 < g.K; k0 += BK)
        {
            // Stage the A and B slices: 1024 values each, 4 per thread, k fastest where that is the contiguous direction.''')
for l in range(4):
    w(f'''            {{
                int e = tid + {l * 256};
                int r = g.AKContiguous != 0 ? e >> 3 : e & 127, kk = g.AKContiguous != 0 ? e & 7 : e >> 7;
                int gr = row0 + r, gk = k0 + kk;
                aTile[kk * APitch + r] = gr < g.M && gk < g.K ? a[aBase + gr * g.ARow + gk * g.ACol] : 0f;
                int cc = g.BNContiguous != 0 ? e & 127 : e >> 3, kb = g.BNContiguous != 0 ? e >> 7 : e & 7;
                int gc = col0 + cc, gkb = k0 + kb;
                bTile[kb * BN + cc] = gc < g.N && gkb < g.K ? b[bBase + gkb * g.BRow + gc * g.BCol] : 0f;
            }}''')
w('''            Group.Barrier();

            for (int kk = 0; kk < BK; kk++)
            {
                int ai = kk * APitch + ty, bi = kk * BN + tx;''')
w('                float ' + ', '.join(f'a{i} = aTile[ai + {16*i}]' for i in range(4)) + ';')
w('                float ' + ', '.join(f'a{i} = aTile[ai + {16*i}]' for i in range(4, 8)) + ';')
w('                float ' + ', '.join(f'b{j} = bTile[bi + {16*j}]' for j in range(4)) + ';')
w('                float ' + ', '.join(f'b{j} = bTile[bi + {16*j}]' for j in range(4, 8)) + ';')
for i in range(T):
    w('                ' + ' '.join(f'c{i}{j} += a{i} * b{j};' for j in range(T)))
w('''            }
            Group.Barrier();
        }

        // Write the 8 x 8 block (rows ty + 16 i, columns tx + 16 j), guarding the edges of C.''')
for i in range(T):
    w(f'        if (row0 + ty + {16*i} < g.M)')
    w('        {')
    w(f'            int o = cBase + (row0 + ty + {16*i}) * g.N + col0 + tx;')
    w('            int cols = g.N - col0 - tx;')
    w('            ' + ' '.join(f'if ({16*j} < cols) c[o + {16*j}] = c{i}{j};' for j in range(0, 4)))
    w('            ' + ' '.join(f'if ({16*j} < cols) c[o + {16*j}] = c{i}{j};' for j in range(4, 8)))
    w('        }')
w('''    }
}''')
open(OUT, 'w').write('\n'.join(lines) + '\n')
