/**
 * A credential as a QR code PNG, with enough resolution and margin for a phone's camera. Level M
 * (15 % recoverable): readers such as jsQR miss some level-L symbols of the sizes credentials take.
 * qrcode is loaded with the first one, not held by every gateway from start-up.
 */
export async function qrPng(text: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', scale: 4, margin: 4 });
}
