namespace Memoize.Benchmarks.Subjects;

/// <summary>The method under test, as an interface so a runtime proxy can intercept it.</summary>
public interface ICompute
{
    /// <summary>The cached computation.</summary>
    int Compute(int id, string name);
}

/// <summary>The uncached implementation the Castle proxy wraps.</summary>
public class PlainCompute : ICompute
{
    /// <inheritdoc/>
    public virtual int Compute(int id, string name) => Workload.Compute(id, name);
}
