namespace KdGan.Models.Data;

/// <summary>An IDX images file ([n, h, w] bytes) and its IDX labels file ([n] bytes) as one <see cref="LabeledImages"/>.</summary>
public static class IdxImageSet
{
    public static LabeledImages Load(string name, string imagesPath, string labelsPath, IReadOnlyList<string> classNames)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Dims.Length != 3)
            throw new DataFormatException(imagesPath, 3, "3 dimensions [count, height, width] for images", $"{images.Dims.Length}");
        if (labels.Dims.Length != 1)
            throw new DataFormatException(labelsPath, 3, "1 dimension [count] for labels", $"{labels.Dims.Length}");
        if (images.Dims[1] == 0 || images.Dims[2] == 0)
            throw new DataFormatException(imagesPath, images.Dims[1] == 0 ? 8 : 12, "images of at least 1 x 1 pixel", $"{images.Dims[1]} x {images.Dims[2]}");
        if (images.Dims[0] != labels.Dims[0])
            throw new DataFormatException(labelsPath, 4, $"{images.Dims[0]} labels, one per image of {Path.GetFileName(imagesPath)}", $"{labels.Dims[0]}");
        var y = new int[labels.Data.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = labels.Data[i];
            if (y[i] >= classNames.Count)
                throw new DataFormatException(labelsPath, 8 + i, $"a label in 0..{classNames.Count - 1}", $"{y[i]} (example {i})");
        }
        return new LabeledImages(name, images.Data, y, 1, images.Dims[1], images.Dims[2], classNames);
    }

    /// <summary>
    /// The file of <paramref name="folder"/> for a stem such as <c>train-images</c> and kind <c>idx3</c>:
    /// <c>train-images-idx3-ubyte</c>, <c>train-images.idx3-ubyte</c>, either with <c>.gz</c>. Null if none.
    /// </summary>
    public static string? Find(string folder, string stem, string kind)
    {
        foreach (var sep in new[] { "-", "." })
            foreach (var ext in new[] { "", ".gz" })
            {
                string p = Path.Combine(folder, $"{stem}{sep}{kind}-ubyte{ext}");
                if (File.Exists(p) || Directory.Exists(p)) return p; // a directory of that name is then refused by the reader, saying so
            }
        return null;
    }

    /// <summary>The standard four files (train/t10k images and labels) of an MNIST-style folder, or null if any is missing.</summary>
    public static (string TrainImages, string TrainLabels, string TestImages, string TestLabels)? FindStandard(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        var ti = Find(folder, "train-images", "idx3");
        var tl = Find(folder, "train-labels", "idx1");
        var vi = Find(folder, "t10k-images", "idx3");
        var vl = Find(folder, "t10k-labels", "idx1");
        return ti is null || tl is null || vi is null || vl is null ? null : (ti, tl, vi, vl);
    }

    /// <summary>Loads the standard train/test pair of an MNIST-style folder.</summary>
    public static TrainTestSets LoadStandard(string name, string folder, IReadOnlyList<string> classNames, string whenMissing)
    {
        var files = FindStandard(folder) ?? throw new DataNotFoundException(name,
            $"expected train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each optionally .gz) in {folder}. {whenMissing}");
        var train = Load(name + " train", files.TrainImages, files.TrainLabels, classNames);
        var test = Load(name + " test", files.TestImages, files.TestLabels, classNames);
        return new TrainTestSets(name, train.All(), test.All());
    }
}
