import QRCode from 'qrcode';

/**
 * A credential as a QR code PNG, with enough resolution and margin for a phone's camera. Level M
 * (15 % recoverable): readers such as jsQR miss some level-L symbols of the sizes credentials take.
 */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', scale: 4, margin: 4 });
}
