//! Palette and typography: one place for the look of the game.

use bevy_egui::egui::{
    self, Color32, CornerRadius, FontFamily, FontId, Stroke, TextStyle, Visuals,
};

pub const SEA: Color32 = Color32::from_rgb(0x1d, 0x2b, 0x3a);
pub const NEUTRAL_LAND: Color32 = Color32::from_rgb(0x4a, 0x4b, 0x44);
pub const BORDER: Color32 = Color32::from_rgb(0x1a, 0x1a, 0x18);
pub const GOLD: Color32 = Color32::from_rgb(0xd9, 0xb3, 0x5b);
pub const PARCHMENT: Color32 = Color32::from_rgb(0xec, 0xe3, 0xcf);
pub const MUTED: Color32 = Color32::from_rgb(0xa8, 0xa2, 0x94);
pub const PANEL: Color32 = Color32::from_rgb(0x23, 0x26, 0x2e);
pub const PANEL_DARK: Color32 = Color32::from_rgb(0x1a, 0x1c, 0x22);
pub const GOOD: Color32 = Color32::from_rgb(0x7f, 0xb0, 0x69);
pub const BAD: Color32 = Color32::from_rgb(0xd0, 0x5e, 0x4e);
pub const WARN: Color32 = Color32::from_rgb(0xe0, 0x9f, 0x3e);

/// Colour for a positive or negative number.
/// The colour of a power's standing toward us: its relation when it is
/// worse than normal (a severed power is never shown in green, whatever
/// its opinion), else its opinion.
pub fn standing(relation: crate::rules::Relation, opinion: f32) -> Color32 {
    match relation {
        crate::rules::Relation::Normal => signed(opinion),
        crate::rules::Relation::Strained => WARN,
        crate::rules::Relation::Severed | crate::rules::Relation::War => BAD,
    }
}

pub fn signed(v: f32) -> Color32 {
    if v > 0.05 {
        GOOD
    } else if v < -0.05 {
        BAD
    } else {
        MUTED
    }
}

/// A scenario colour (sRGB 0–1) as egui's.
pub fn colour(c: [f32; 3]) -> Color32 {
    let b = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    Color32::from_rgb(b(c[0]), b(c[1]), b(c[2]))
}

/// Applies the game's look to an egui context.
pub fn apply(ctx: &egui::Context, scale: f32) {
    let mut visuals = Visuals::dark();
    visuals.panel_fill = PANEL;
    visuals.window_fill = PANEL;
    visuals.extreme_bg_color = PANEL_DARK;
    visuals.faint_bg_color = Color32::from_rgb(0x2a, 0x2e, 0x37);
    visuals.override_text_color = Some(PARCHMENT);
    visuals.hyperlink_color = GOLD;
    visuals.selection.bg_fill = Color32::from_rgb(0x6b, 0x55, 0x2a);
    visuals.selection.stroke = Stroke::new(1.0, GOLD);
    visuals.window_corner_radius = CornerRadius::same(6);
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.0, GOLD);
    ctx.set_visuals(visuals);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(14.5, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(14.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 4.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
    });
    ctx.set_zoom_factor(scale);
}
