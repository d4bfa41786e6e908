using System.CommandLine;
using KdGan.Models.Checkpoints;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;
using KdGan.Tensors;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan export CHECKPOINT --player c --out FILE.safetensors</c>: one player's weights alone, under PyTorch's state-dict
/// names for the equivalent nn.Sequential ("1.weight", "1.bias", ...), in a plain safetensors file (docs/export.md).
/// </summary>
public static class ExportCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("export", "Write one player's weights (the deployable classifier C by default) as a safetensors file with " +
                                        "PyTorch state-dict names; docs/export.md loads it into the equivalent PyTorch module.");
        var run = new Argument<string>("checkpoint") { Description = "a run folder or its checkpoint.safetensors" };
        var player = StoredRunArguments.Player();
        var output = new Option<string>("--out") { HelpName = "FILE.safetensors", Description = "the file to write", Required = true };
        cmd.Arguments.Add(run);
        cmd.Options.Add(player);
        cmd.Options.Add(output);
        cmd.SetAction(parsed =>
        {
            var role = StoredRunArguments.ParsePlayer("export", parsed.GetValue(player));
            using var stored = StoredRunArguments.Open("export", parsed.GetValue(run)!);
            var parameters = stored.Parameters(role);
            string file = parsed.GetValue(output)!;
            SafeTensors.Write(file, parameters, new Dictionary<string, string>
            {
                ["format"] = "pt",
                ["kdgan.run"] = stored.Config.RunName,
                ["kdgan.player"] = role.Key(),
                ["kdgan.epoch"] = stored.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["kdgan.config"] = stored.Config.ToJson(),
            });
            o.WriteLine($"{file}: {parameters.Count} tensors of {role} ({string.Join(", ", parameters.Select(kv => $"{kv.Key} {kv.Value.Shape}"))}) " +
                        $"from {stored.CheckpointPath}, epoch {stored.Epoch}");
            return 0;
        });
        return cmd;
    }
}
