namespace System.Diagnostics.CodeAnalysis;

/// <summary>Nullable-analysis attribute for netstandard2.0, where the framework does not provide it.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NotNullWhenAttribute(bool returnValue) : Attribute
{
    public bool ReturnValue { get; } = returnValue;
}
