using Xunit.Abstractions;
using Xunit.Sdk;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// A fact of the op suite. Declared once on the abstract test method; each backend's thin subclass runs it.
/// For subclasses marked <see cref="IRequiresCuda"/> the discoverer reports the test as skipped, with the
/// probe's reason (no driver, no device, unsupported architecture), when no CUDA GPU is usable.
/// </summary>
[XunitTestCaseDiscoverer("KdGan.Tensors.Tests.Ops.BackendFactDiscoverer", "KdGan.Tensors.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendFactAttribute : FactAttribute;

public sealed class BackendFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _inner = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresCuda).IsAssignableFrom(type) && TestDevices.CudaSkipReason is { } reason)
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        return _inner.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

/// <summary>A fact that needs a CUDA GPU: sets <see cref="FactAttribute.Skip"/> in its constructor when there is none.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (TestDevices.CudaSkipReason is { } reason) Skip = reason;
    }
}
