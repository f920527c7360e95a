using System;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The pre-login answer on a raw socket: the encryption SQL Server agrees to for each client request.</summary>
    public sealed class PreLoginTests
    {
        [Theory]
        [InlineData(0, 0)] // ENCRYPT_OFF → ENCRYPT_OFF: the server has a certificate, so the login packet alone is encrypted
        [InlineData(1, 1)] // ENCRYPT_ON → ENCRYPT_ON
        [InlineData(2, 2)] // ENCRYPT_NOT_SUP → ENCRYPT_NOT_SUP: nothing is encrypted
        [InlineData(3, 1)] // ENCRYPT_REQ → ENCRYPT_ON
        public async Task The_server_agrees_encryption_as_sql_server_does(byte asked, byte agreed)
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var port = int.Parse(new SqlConnectionStringBuilder(sandbox.Server.SqlConnectionString).DataSource.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();

            // VERSION (6 bytes) and ENCRYPTION (1 byte) options, then the terminator.
            byte[] payload = [0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 0xFF, 16, 0, 0, 0, 0, 0, asked];
            var packet = new byte[8 + payload.Length];
            packet[0] = 0x12;
            packet[1] = 0x01;
            packet[3] = (byte)packet.Length;
            payload.CopyTo(packet, 8);
            await stream.WriteAsync(packet);
            var header = new byte[8];
            await stream.ReadExactlyAsync(header);
            var body = new byte[((header[2] << 8) | header[3]) - 8];
            await stream.ReadExactlyAsync(body);

            Assert.Equal(0x04, header[0]);
            Assert.Equal(agreed, Option(body, 1)[0]);
            Assert.Equal([14, 0, 0x0B, 0xD6], Option(body, 0)[..4]);
        }

        private static byte[] Option(byte[] body, byte token)
        {
            for (var i = 0; body[i] != 0xFF; i += 5)
            {
                if (body[i] == token)
                {
                    return body.AsSpan((body[i + 1] << 8) | body[i + 2], (body[i + 3] << 8) | body[i + 4]).ToArray();
                }
            }

            throw new InvalidOperationException("No pre-login option " + token + ".");
        }
    }
}
