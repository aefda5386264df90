/** Vocabulary of the synthetic population: weights follow public statistics loosely. */

export const FAMILY_NAMES = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2.1],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 1.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
] as const;

export const MIDDLE_NAMES = {
  MALE: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Thanh', 'Gia', 'Xuân'],
  FEMALE: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Phương', 'Minh', 'Bảo', 'Hoài'],
} as const;

export const GIVEN_NAMES = {
  MALE: [
    'An',
    'Bảo',
    'Cường',
    'Dũng',
    'Đạt',
    'Hùng',
    'Huy',
    'Khánh',
    'Long',
    'Nam',
    'Phúc',
    'Quân',
    'Sơn',
    'Thắng',
    'Tuấn',
    'Việt',
    'Hải',
    'Hiếu',
    'Trung',
    'Tùng',
    'Khoa',
    'Lâm',
    'Phong',
  ],
  FEMALE: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'Ngọc',
    'Nhung',
    'Phương',
    'Quỳnh',
    'Thảo',
    'Trang',
    'Vân',
    'Yến',
    'Hằng',
    'My',
    'Tâm',
    'Uyên',
  ],
} as const;

export const ETHNICITIES = [
  ['Kinh', 85.3],
  ['Tày', 1.9],
  ['Thái', 1.9],
  ['Mường', 1.5],
  ['Khmer', 1.4],
  ['Hoa', 0.8],
  ['Nùng', 1.1],
  ['Mông', 1.5],
  ['Dao', 0.9],
  ['Gia Rai', 0.5],
  ['Ê Đê', 0.4],
  ['Chăm', 0.2],
] as const;

export const RELIGIONS = [
  ['Không', 86],
  ['Công giáo', 6.1],
  ['Phật giáo', 4.8],
  ['Tin Lành', 1],
  ['Cao Đài', 1],
  ['Phật giáo Hòa Hảo', 1.1],
] as const;

export const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Điện Biên Phủ',
  'Nguyễn Trãi',
  'Phan Chu Trinh',
  'Hùng Vương',
  'Lê Duẩn',
  'Võ Thị Sáu',
];

export const MOTORBIKES = [
  ['Honda', 'Wave Alpha'],
  ['Honda', 'Vision'],
  ['Honda', 'Air Blade'],
  ['Honda', 'SH Mode'],
  ['Yamaha', 'Exciter'],
  ['Yamaha', 'Sirius'],
  ['Suzuki', 'Raider'],
  ['VinFast', 'Evo200'],
  ['VinFast', 'Klara S'],
  ['Piaggio', 'Liberty'],
] as const;

export const CARS = [
  ['Toyota', 'Vios'],
  ['Hyundai', 'Accent'],
  ['VinFast', 'VF 5'],
  ['Kia', 'Morning'],
  ['Mazda', 'CX-5'],
  ['Ford', 'Ranger'],
  ['Mitsubishi', 'Xpander'],
  ['Honda', 'City'],
] as const;

export const TRUCKS = [
  ['Hyundai', 'Porter H150'],
  ['Isuzu', 'QKR'],
  ['Thaco', 'Kia K250'],
] as const;

export const COLOURS = ['Đen', 'Trắng', 'Đỏ', 'Xanh', 'Bạc', 'Xám', 'Vàng'];

/** Plate series letters in use (I, J, O, Q, R, W are not issued). */
export const PLATE_LETTERS = 'ABCDEFGHKLMNPSTUVXYZ';
