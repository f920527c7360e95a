namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// When <see cref="DurableCommit"/> closes a batch: at this many files or bytes, whichever comes first, and at the
    /// end of the run. Larger batches pay fewer file-system syncs; smaller ones lose less work to a crash (a batch of
    /// partial files, removed by the next run) and start renaming sooner.
    /// </summary>
    /// <param name="Files">Files in a batch.</param>
    /// <param name="Bytes">Bytes in a batch.</param>
    internal sealed record CommitBatchSize(int Files, long Bytes)
    {
        public static readonly CommitBatchSize Default = new(256, 256L << 20);
    }
}
