using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// One fused LSTM step (PyTorch's LSTMCell). The gate pre-activations of all four gates [B, 4H] (order
/// i, f, g, o) come from one product per operand over the stacked gate weights:
/// z = x W_ih^T + h W_hh^T + b_ih + b_hh; the pointwise part is one kernel (<see cref="SequenceOps.LstmCell"/>):
/// i = sigma(z_i), f = sigma(z_f), g = tanh(z_g), o = sigma(z_o), c' = f c + i g, h' = o tanh(c').
/// <para>
/// A Function has one output, so h' and c' are packed as [2, B, H] (h' first); <see cref="Variable.LstmCell"/>
/// hands out the two halves as views. Backward: the fused pointwise backward gives dz [B, 4H] and dc, then
/// dx = dz W_ih, dh = dz W_hh, dW_ih = dz^T x, dW_hh = dz^T h, db_ih = db_hh = sum over rows of dz.
/// The same cell composed from primitive ops (<see cref="Variable.LstmCellComposed"/>) is the test oracle.
/// </para>
/// </summary>
internal sealed class LstmCellFunction : Function
{
    private Tensor _x = null!, _h = null!, _c = null!, _wIh = null!, _wHh = null!, _act = null!, _cNext = null!;
    private bool _hasBiasIh, _hasBiasHh;

    public static Variable Apply(Variable x, Variable h, Variable c, Variable wIh, Variable wHh, Variable? bIh, Variable? bHh)
    {
        if (x.Rank != 2) throw new ArgumentException($"LstmCell: expects input x [B, I], got shape {x.Shape}.");
        int hidden = LstmShapes.Check(x.Shape[1], wIh, wHh, bIh, bHh, "LstmCell");
        int b = x.Shape[0];
        var state = new Shape(b, hidden);
        if (h.Shape != state || c.Shape != state)
            throw new ArgumentException($"LstmCell: h {h.Shape} and c {c.Shape} must both be [B, H] = {state} for input {x.Shape} and hidden size {hidden}.");

        using var wIhT = wIh.Data.T();
        using var wHhT = wHh.Data.T();
        using var gx = Tensor.MatMul(x.Data, wIhT);
        using var gh = Tensor.MatMul(h.Data, wHhT);
        using var bias = LstmShapes.CombinedBias(bIh, bHh);
        var packed = Tensor.Empty([2, b, hidden], x.Device);
        var act = Tensor.Empty([b, 4 * hidden], x.Device);
        using (var hNext = packed.Select(0, 0))
        using (var cNext = packed.Select(0, 1))
            SequenceOps.LstmCellInto(gh, gx, bias, c.Data, act, cNext, hNext);

        var fn = new LstmCellFunction { _hasBiasIh = bIh is not null, _hasBiasHh = bHh is not null };
        var inputs = new List<Variable> { x, h, c, wIh, wHh };
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (ShouldRecord([.. inputs]))
        {
            fn._x = fn.Save(x.Data); fn._h = fn.Save(h.Data); fn._c = fn.Save(c.Data);
            fn._wIh = fn.Save(wIh.Data); fn._wHh = fn.Save(wHh.Data); fn._act = fn.Save(act);
            using var cNext = packed.Select(0, 1);
            fn._cNext = fn.Save(cNext);
        }
        act.Dispose();
        return fn.Record(packed, [.. inputs]);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var dhNext = g.Select(0, 0);
        using var dcNext = g.Select(0, 1);
        var (dz, dc) = SequenceOps.LstmCellBackward(_act, _c, _cNext, dhNext, dcNext);
        using (dz)
        {
            var grads = new List<Tensor?>
            {
                NeedsGrad(0) ? Tensor.MatMul(dz, _wIh) : null,
                NeedsGrad(1) ? Tensor.MatMul(dz, _wHh) : null,
                NeedsGrad(2) ? dc : null,
            };
            if (!NeedsGrad(2)) dc.Dispose();
            using var dzT = dz.T();
            grads.Add(NeedsGrad(3) ? Tensor.MatMul(dzT, _x) : null);
            grads.Add(NeedsGrad(4) ? Tensor.MatMul(dzT, _h) : null);
            int next = 5;
            if (_hasBiasIh) grads.Add(NeedsGrad(next++) ? dz.Sum(0) : null);
            if (_hasBiasHh) grads.Add(NeedsGrad(next) ? (_hasBiasIh && grads[^1] is { } db ? db.Clone() : dz.Sum(0)) : null); // db_hh = db_ih
            return [.. grads];
        }
    }
}

/// <summary>
/// One LSTM layer over a whole batch-first sequence x [B, T, I] (backpropagation through time inside one node).
/// <para>
/// Forward: the input projection of every step is one GEMM, GX = x W_ih^T [B*T, 4H] (PyTorch hoists it the
/// same way); each step t then needs one GEMM for all four gates, h_{t-1} W_hh^T [B, 4H], and the fused
/// pointwise kernel, which adds GX[:, t], the bias and writes h_t straight into the output [B, T, H], c_t and
/// the activated gates into [B, T, *] buffers saved for backward.
/// </para>
/// <para>
/// Backward, t = T-1 .. 0: dh_t = dY[:, t] + dz_{t+1} W_hh, the fused pointwise backward writes dz_t into
/// DZ[:, t] and gives dc_{t-1}. Then the weight gradients are one GEMM each over all steps:
/// dW_ih = DZ^T x, dW_hh = DZ^T H_prev (H_prev[:, t] = h_{t-1}), db = column sums of DZ, and dx = DZ W_ih.
/// </para>
/// <para>
/// The output packs [B*T + B, H]: rows 0 .. B*T-1 are the outputs h_t in (b, t) order, the last B rows are c_T
/// (a Function has one output; <see cref="Variable.Lstm"/> hands out both parts as contiguous views).
/// Tested against the same layer unrolled through <see cref="LstmCellFunction"/> and the composed cell.
/// </para>
/// </summary>
internal sealed class LstmLayerFunction : Function
{
    private Tensor _x = null!, _h0 = null!, _c0 = null!, _wIh = null!, _wHh = null!, _act = null!, _cells = null!, _packed = null!;
    private int _b, _t, _in, _hidden;
    private bool _hasH0, _hasC0, _hasBiasIh, _hasBiasHh;

    public static Variable Apply(Variable x, Variable? h0, Variable? c0, Variable wIh, Variable wHh, Variable? bIh, Variable? bHh)
    {
        if (x.Rank != 3) throw new ArgumentException($"Lstm: expects a batch-first input x [B, T, I], got shape {x.Shape}.");
        int hidden = LstmShapes.Check(x.Shape[2], wIh, wHh, bIh, bHh, "Lstm");
        int b = x.Shape[0], steps = x.Shape[1], inSize = x.Shape[2];
        if (steps < 1) throw new ArgumentException($"Lstm: the input {x.Shape} has no time steps.");
        var state = new Shape(b, hidden);
        if (h0 is not null && h0.Shape != state) throw new ArgumentException($"Lstm: h0 has shape {h0.Shape}, expected [B, H] = {state}.");
        if (c0 is not null && c0.Shape != state) throw new ArgumentException($"Lstm: c0 has shape {c0.Shape}, expected [B, H] = {state}.");
        var device = x.Device;

        using var xc = x.Data.Contiguous();
        using var x2 = xc.Reshape(b * steps, inSize);
        using var wIhT = wIh.Data.T();
        using var wHhTView = wHh.Data.T();
        // W_hh^T is read by every step: one dense copy makes each step's GEMM pack its panel from contiguous rows.
        using var wHhT = wHhTView.Contiguous();
        using var gx2 = Tensor.MatMul(x2, wIhT);
        using var gx = gx2.Reshape(b, steps, 4 * hidden);
        using var bias = LstmShapes.CombinedBias(bIh, bHh);
        using var c0Data = c0 is not null ? c0.Data.Expand(state) : Tensor.Zeros(state, device);
        var act = Tensor.Empty([b, steps, 4 * hidden], device);
        var cells = Tensor.Empty([b, steps, hidden], device);
        var packed = Tensor.Empty([b * steps + b, hidden], device);
        using var outRows = packed.Slice(0, 0, b * steps);
        using var y = outRows.Reshape(b, steps, hidden);

        for (int t = 0; t < steps; t++)
        {
            using var gxT = gx.Select(1, t);
            using var actT = act.Select(1, t);
            using var cT = cells.Select(1, t);
            using var hT = y.Select(1, t);
            using var cPrev = t == 0 ? c0Data.Expand(state) : cells.Select(1, t - 1);
            using var hPrev = t > 0 ? y.Select(1, t - 1) : h0?.Data.Expand(state);
            if (hPrev is null)
                SequenceOps.LstmCellInto(gxT, null, bias, cPrev, actT, cT, hT); // h_{-1} = 0: no recurrent term
            else
            {
                using var gh = Tensor.MatMul(hPrev, wHhT);
                SequenceOps.LstmCellInto(gh, gxT, bias, cPrev, actT, cT, hT);
            }
        }
        using (var last = cells.Select(1, steps - 1))
        using (var cLast = packed.Slice(0, b * steps, b * steps + b))
            cLast.CopyFrom(last);

        var fn = new LstmLayerFunction
        {
            _b = b, _t = steps, _in = inSize, _hidden = hidden,
            _hasH0 = h0 is not null, _hasC0 = c0 is not null, _hasBiasIh = bIh is not null, _hasBiasHh = bHh is not null,
        };
        var inputs = new List<Variable> { x };
        if (h0 is not null) inputs.Add(h0);
        if (c0 is not null) inputs.Add(c0);
        inputs.Add(wIh);
        inputs.Add(wHh);
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (ShouldRecord([.. inputs]))
        {
            fn._x = fn.Save(x2); fn._c0 = fn.Save(c0Data); fn._wIh = fn.Save(wIh.Data); fn._wHh = fn.Save(wHh.Data);
            if (h0 is not null) fn._h0 = fn.Save(h0.Data);
            fn._act = fn.Save(act); fn._cells = fn.Save(cells); fn._packed = fn.Save(packed);
        }
        act.Dispose();
        cells.Dispose();
        return fn.Record(packed, [.. inputs]);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        int b = _b, steps = _t, hidden = _hidden;
        var state = new Shape(b, hidden);
        using var gRows = g.Slice(0, 0, b * steps);
        using var dy = gRows.Reshape(b, steps, hidden);
        using var dcLast = g.Slice(0, b * steps, b * steps + b);
        using var outRows = _packed.Slice(0, 0, b * steps);
        using var y = outRows.Reshape(b, steps, hidden);
        using var dz = Tensor.Empty([b, steps, 4 * hidden], g.Device);

        Tensor? dhRec = null; // dz_{t+1} W_hh: the gradient reaching h_t through step t+1
        Tensor? dc = dcLast.Contiguous();
        try
        {
            for (int t = steps - 1; t >= 0; t--)
            {
                using var dyT = dy.Select(1, t);
                using var dh = dhRec is null ? dyT.Expand(state) : dyT + dhRec;
                dhRec?.Dispose();
                dhRec = null;
                using var actT = _act.Select(1, t);
                using var cT = _cells.Select(1, t);
                using var cPrev = t == 0 ? _c0.Expand(state) : _cells.Select(1, t - 1);
                using var dzT = dz.Select(1, t);
                var dcPrev = Tensor.Empty(state, g.Device);
                SequenceOps.LstmCellBackwardInto(actT, cPrev, cT, dh, dc, dzT, dcPrev);
                dc.Dispose();
                dc = dcPrev;
                if (t > 0 || (_hasH0 && NeedsGrad(1))) dhRec = Tensor.MatMul(dzT, _wHh);
            }

            using var dz2 = dz.Reshape(b * steps, 4 * hidden);
            using var dzT2 = dz2.T();
            var grads = new List<Tensor?> { NeedsGrad(0) ? InputGradient(dz2) : null };
            int k = 1;
            if (_hasH0) grads.Add(NeedsGrad(k++) ? Take(ref dhRec) : null);
            if (_hasC0) grads.Add(NeedsGrad(k++) ? Take(ref dc) : null);
            grads.Add(NeedsGrad(k++) ? Tensor.MatMul(dzT2, _x) : null);
            grads.Add(NeedsGrad(k++) ? RecurrentWeightGradient(dzT2, y) : null);
            if (_hasBiasIh) grads.Add(NeedsGrad(k++) ? dz2.Sum(0) : null);
            if (_hasBiasHh) grads.Add(NeedsGrad(k) ? (_hasBiasIh && grads[^1] is { } db ? db.Clone() : dz2.Sum(0)) : null); // db_hh = db_ih
            return [.. grads];
        }
        finally
        {
            dhRec?.Dispose();
            dc?.Dispose();
        }
    }

    private static Tensor? Take(ref Tensor? t)
    {
        var taken = t;
        t = null;
        return taken;
    }

    /// <summary>dx = DZ W_ih, [B, T, I].</summary>
    private Tensor InputGradient(Tensor dz2)
    {
        using var dx2 = Tensor.MatMul(dz2, _wIh);
        return dx2.Reshape(_b, _t, _in);
    }

    /// <summary>dW_hh = DZ^T H_prev with H_prev[:, t] = h_{t-1}: h0 (or zeros), then the outputs shifted one step.</summary>
    private Tensor RecurrentWeightGradient(Tensor dzT2, Tensor y)
    {
        using var hPrev = Tensor.Empty([_b, _t, _hidden], y.Device);
        using (var first = hPrev.Select(1, 0))
        {
            if (_hasH0) first.CopyFrom(_h0);
            else first.Fill_(0f);
        }
        if (_t > 1)
        {
            using var shiftedDst = hPrev.Slice(1, 1, _t);
            using var shiftedSrc = y.Slice(1, 0, _t - 1);
            shiftedDst.CopyFrom(shiftedSrc);
        }
        using var hPrev2 = hPrev.Reshape(_b * _t, _hidden);
        return Tensor.MatMul(dzT2, hPrev2);
    }
}

/// <summary>Shape checks and the combined bias shared by the LSTM Functions.</summary>
internal static class LstmShapes
{
    /// <summary>Checks W_ih [4H, I], W_hh [4H, H], biases [4H]; returns H.</summary>
    public static int Check(int inputSize, Variable wIh, Variable wHh, Variable? bIh, Variable? bHh, string op)
    {
        if (wHh.Rank != 2 || wHh.Shape[0] != 4 * wHh.Shape[1] || wHh.Shape[1] < 1)
            throw new ArgumentException($"{op}: weight_hh must be [4H, H] with H >= 1, got {wHh.Shape}.");
        int hidden = wHh.Shape[1];
        if (wIh.Rank != 2 || wIh.Shape[0] != 4 * hidden || wIh.Shape[1] != inputSize)
            throw new ArgumentException($"{op}: weight_ih has shape {wIh.Shape}, expected [4H, I] = [{4 * hidden}, {inputSize}] for input size {inputSize} and hidden size {hidden}.");
        foreach (var (bias, name) in new[] { (bIh, "bias_ih"), (bHh, "bias_hh") })
            if (bias is not null && bias.Shape != new Shape(4 * hidden))
                throw new ArgumentException($"{op}: {name} has shape {bias.Shape}, expected [4H] = [{4 * hidden}].");
        return hidden;
    }

    /// <summary>b_ih + b_hh, whichever exist (null when neither does).</summary>
    public static Tensor? CombinedBias(Variable? bIh, Variable? bHh) =>
        (bIh, bHh) switch
        {
            (null, null) => null,
            (not null, null) => bIh.Data.Expand(bIh.Shape),
            (null, not null) => bHh.Data.Expand(bHh.Shape),
            _ => bIh.Data + bHh.Data,
        };
}
