using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// Counts the HTTP requests this process sends to one server (by its authority), through .NET's own diagnostic
    /// events, so a test can count what a step sends without a hook in the step. Other tests' servers are not counted.
    /// </summary>
    internal sealed class RequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _authority;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = new();
        private readonly ConcurrentDictionary<string, int> _byPath = new(StringComparer.Ordinal);
        private int _count;

        public RequestCounter(Uri server)
        {
            _authority = server.GetLeftPart(UriPartial.Authority);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        /// <summary>Requests to one path (query left out), e.g. <c>/api/Spaces-1/machines</c> for every page of that list.</summary>
        public int To(string path) => _byPath.GetValueOrDefault(path);

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }

        void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "System.Net.Http.Request"
                && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage request
                && request.RequestUri?.GetLeftPart(UriPartial.Authority) == _authority)
            {
                Interlocked.Increment(ref _count);
                _byPath.AddOrUpdate(request.RequestUri.AbsolutePath, 1, (_, count) => count + 1);
            }
        }

        void IObserver<DiagnosticListener>.OnCompleted()
        {
        }

        void IObserver<DiagnosticListener>.OnError(Exception error)
        {
        }

        void IObserver<KeyValuePair<string, object?>>.OnCompleted()
        {
        }

        void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
        {
        }
    }
}
